from models.tables import Organization


async def test_db(db):
    await Organization.create(name="a", slug="a")
    assert await Organization.all().count() == 1


async def test_http(client):
    r = await client.execute("{ viewer { id } }")
    assert r == {"data": {"viewer": None}}
