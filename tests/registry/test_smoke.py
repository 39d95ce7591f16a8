from tests import factories


def test_worker_registers_and_finds_a_child(worker, signed_in, places):
    child = factories.person(
        worker, given_name="Zoë", family_name="Müller", location=places["north_village"]
    )
    client = signed_in(worker)
    response = client.get("/registry/people/", {"q": "zoe mul"})
    assert response.status_code == 200
    assert str(child.pk) in response.content.decode()
    response = client.get(f"/registry/people/{child.pk}/")
    assert response.status_code == 200
