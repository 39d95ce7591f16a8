"""How user accounts fall under the access policy: administrators with
"user.manage" reach them through their role's scope."""

from hearth.access import policy
from hearth.accounts.models import User

policy.register(User, policy.ScopePaths(owner="id", team="team", agency="agency"))
