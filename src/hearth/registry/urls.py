from django.urls import path

from hearth.registry import views

app_name = "registry"
urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/pick/", views.person_pick, name="person_pick"),
    path("people/<uuid:pk>/", views.person_detail, name="person_detail"),
    path("people/<uuid:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<uuid:pk>/void/", views.person_void, name="person_void"),
    path("people/<uuid:pk>/identifiers/new/", views.identifier_add, name="identifier_add"),
    path(
        "people/<uuid:pk>/identifiers/<uuid:identifier_pk>/void/",
        views.identifier_void,
        name="identifier_void",
    ),
    path("people/<uuid:pk>/relationships/new/", views.relationship_add, name="relationship_add"),
    path(
        "people/<uuid:pk>/relationships/<uuid:relationship_pk>/end/",
        views.relationship_end,
        name="relationship_end",
    ),
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<uuid:pk>/", views.household_detail, name="household_detail"),
    path("households/<uuid:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<uuid:pk>/members/new/", views.member_add, name="member_add"),
    path("households/<uuid:pk>/members/<uuid:member_pk>/end/", views.member_end, name="member_end"),
]
