"""Registry pages: thin - parse, call a service or query, render."""

import uuid

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hearth.access.decorators import requires
from hearth.audit.services import record
from hearth.registry import queries, services
from hearth.registry.forms import (
    EndForm,
    HouseholdForm,
    IdentifierForm,
    IdentifierFormSet,
    MemberForm,
    PersonForm,
    RelationshipForm,
    VoidForm,
)
from hearth.registry.models import HouseholdMember, PersonIdentifier, Relationship
from hearth.web.forms import submit


def _page(request, qs):
    return Paginator(qs, 25).get_page(request.GET.get("page"))


def _uuid_or_none(value):
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None  # a hand-edited address: ignore it rather than fail


def _live(request, template: str, partial: str, context: dict):
    """A list page whose results part is re-rendered alone for htmx live search."""
    return render(request, partial if request.headers.get("HX-Request") else template, context)


@requires("person.view")
def person_list(request):
    text = request.GET.get("q", "").strip()
    page = _page(request, queries.search_people(request.user, text))
    return _live(
        request,
        "registry/person_list.html",
        "registry/_people_results.html",
        {"page": page, "q": text},
    )


@requires("person.view")
def person_pick(request):
    """Live search results as radio buttons, for choosing a relative or member."""
    text = request.GET.get("q", "").strip()
    people = (
        queries.search_people(request.user, text) if text else queries.people(request.user).none()
    )
    exclude = _uuid_or_none(request.GET.get("exclude"))
    if exclude:
        people = people.exclude(pk=exclude)
    return render(
        request,
        "registry/_pick.html",
        {"people": people[:10], "field": request.GET.get("field", "person"), "q": text},
    )


@requires("person.view")
def person_detail(request, pk):
    person = queries.person_for(request.user, pk)
    record(actor=request.user, action="person.read", target=person)
    return render(
        request,
        "registry/person_detail.html",
        {"person": person, "caregivers": queries.caregivers_of(person)},
    )


@requires("person.create")
def person_create(request):
    form = PersonForm(request.POST or None)
    ids = IdentifierFormSet(request.POST or None, prefix="ids")
    ids_ok = request.method != "POST" or ids.is_valid()

    def register(data):
        identifiers = [row for row in ids.cleaned_data if row.get("value")]
        return services.person_create(
            actor=request.user, identifiers=identifiers, **form.service_fields()
        )

    person = submit(request, form, register, _("The person was registered.")) if ids_ok else None
    if person:
        return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "ids": ids})


@requires("person.edit")
def person_edit(request, pk):
    person = queries.person_for(request.user, pk, "person.edit")
    form = PersonForm(request.POST or None, instance=person)
    if submit(
        request,
        form,
        lambda data: services.person_update(
            actor=request.user,
            person=person,
            expected_version=data.get("version"),
            **form.service_fields(),
        ),
        _("Changes saved."),
    ):
        return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": person})


@requires("person.void")
def person_void(request, pk):
    person = queries.person_for(request.user, pk, "person.void")
    form = VoidForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: services.person_void(actor=request.user, person=person, **data),
        _("The record was voided."),
    ):
        return redirect("registry:person_list")
    return render(request, "registry/void_form.html", {"form": form, "object": person})


@requires("person.edit")
def identifier_add(request, pk):
    person = queries.person_for(request.user, pk, "person.edit")
    form = IdentifierForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: services.identifier_add(actor=request.user, person=person, **data),
        _("Identifier added."),
    ):
        return redirect("registry:person_detail", pk=person.pk)
    return render(
        request,
        "registry/simple_form.html",
        {"form": form, "person": person, "title": _("Add an identifier")},
    )


@requires("person.edit")
def identifier_void(request, pk, identifier_pk):
    person = queries.person_for(request.user, pk, "person.edit")
    identifier = get_object_or_404(
        PersonIdentifier, pk=identifier_pk, person=person, is_voided=False
    )
    form = VoidForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: services.identifier_void(actor=request.user, identifier=identifier, **data),
        _("Identifier voided."),
    ):
        return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/void_form.html", {"form": form, "object": identifier})


@requires("person.edit")
def relationship_add(request, pk):
    person = queries.person_for(request.user, pk, "person.edit")
    form = RelationshipForm(request.POST or None, people=queries.people(request.user))
    if submit(
        request,
        form,
        lambda data: services.relationship_add(actor=request.user, person=person, **data),
        _("Relationship recorded."),
    ):
        return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/relationship_form.html", {"form": form, "person": person})


@requires("person.edit")
def relationship_end(request, pk, relationship_pk):
    person = queries.person_for(request.user, pk, "person.edit")
    relationship = get_object_or_404(
        Relationship, pk=relationship_pk, person=person, is_voided=False
    )
    form = EndForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: services.relationship_end(
            actor=request.user, relationship=relationship, **data
        ),
        _("Relationship ended."),
    ):
        return redirect("registry:person_detail", pk=person.pk)
    title = _("End relationship: %(r)s") % {"r": relationship}
    return render(
        request, "registry/simple_form.html", {"form": form, "person": person, "title": title}
    )


# --- households ---------------------------------------------------------------------


@requires("person.view")
def household_list(request):
    text = request.GET.get("q", "").strip()
    qs = queries.households(request.user).select_related("location")
    if text:
        qs = qs.filter(name__icontains=text)
    return _live(
        request,
        "registry/household_list.html",
        "registry/_household_results.html",
        {"page": _page(request, qs), "q": text},
    )


@requires("person.view")
def household_detail(request, pk):
    household = queries.household_for(request.user, pk)
    record(actor=request.user, action="household.read", target=household)
    members = list(household.members.all())
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "current": [m for m in members if m.end_date is None],
            "former": [m for m in members if m.end_date is not None],
        },
    )


@requires("person.create")
def household_create(request):
    form = HouseholdForm(request.POST or None)
    household = submit(
        request,
        form,
        lambda data: services.household_create(actor=request.user, **form.service_fields()),
        _("Household registered. Now add its members."),
    )
    if household:
        return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/household_form.html", {"form": form})


@requires("person.edit")
def household_edit(request, pk):
    household = queries.household_for(request.user, pk, "person.edit")
    form = HouseholdForm(request.POST or None, instance=household)
    if submit(
        request,
        form,
        lambda data: services.household_update(
            actor=request.user,
            household=household,
            expected_version=data.get("version"),
            **form.service_fields(),
        ),
        _("Changes saved."),
    ):
        return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/household_form.html", {"form": form, "household": household})


@requires("person.edit")
def member_add(request, pk):
    household = queries.household_for(request.user, pk, "person.edit")
    form = MemberForm(request.POST or None, people=queries.people(request.user))
    if submit(
        request,
        form,
        lambda data: services.household_member_add(actor=request.user, household=household, **data),
        _("Member added."),
    ):
        return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/member_form.html", {"form": form, "household": household})


@requires("person.edit")
def member_end(request, pk, member_pk):
    household = queries.household_for(request.user, pk, "person.edit")
    member = get_object_or_404(HouseholdMember, pk=member_pk, household=household, is_voided=False)
    form = EndForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: services.household_member_end(actor=request.user, member=member, **data),
        _("%(name)s left the household.") % {"name": member.person},
    ):
        return redirect("registry:household_detail", pk=household.pk)
    title = _("%(name)s leaves %(household)s") % {"name": member.person, "household": household}
    return render(request, "registry/simple_form.html", {"form": form, "title": title})
