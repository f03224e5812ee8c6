"""Automatic persisted queries as Apollo Client and urql speak them, and trusted documents."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import httpx
import orjson
import pytest

from config import ConfigError, Limits, Settings
from models.db import sql
from server import create_app
from tests.conftest import GraphQLClient, app_client
from tests.support.databases import Backend
from tests.support.factories import create_tenant

QUERY = "query Viewer { viewer { name } }"
OTHER = "query Typename { __typename }"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def persisted(text: str, *, version: int = 1) -> dict[str, object]:
    return {"persistedQuery": {"version": version, "sha256Hash": sha256(text)}}


async def send(
    client: GraphQLClient,
    *,
    query: str | None = None,
    extensions: dict[str, object] | None = None,
    key: str | None = None,
) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    body: dict[str, object] = {"extensions": extensions or {}}
    if query is not None:
        body["query"] = query
    response = await client.http.post("/graphql", json=body, headers=headers)
    assert response.status_code == 200, response.text
    answer: dict[str, object] = response.json()
    return answer


def codes(answer: dict[str, object]) -> list[str]:
    errors = answer.get("errors") or []
    assert isinstance(errors, list)
    return [error["extensions"]["code"] for error in errors]


async def stored() -> set[str]:
    rows = await sql.fetch("SELECT sha256 FROM persisted_documents", {})
    return {str(row["sha256"]) for row in rows}


async def test_an_unknown_hash_asks_for_the_document_then_every_worker_knows_it(
    client: GraphQLClient, settings: Settings
) -> None:
    tenant = await create_tenant()

    unknown = await send(client, extensions=persisted(QUERY), key=tenant.admin.key)
    not_found = {"code": "PERSISTED_QUERY_NOT_FOUND"}
    assert unknown == {
        "data": None,
        "errors": [{"message": "PersistedQueryNotFound", "extensions": not_found}],
    }
    registered = await send(client, query=QUERY, extensions=persisted(QUERY), key=tenant.admin.key)
    assert registered == {"data": {"viewer": {"name": "Ada Admin"}}}

    # Another worker: the same database, nothing in its memory.
    async with app_client(settings) as other_worker:
        by_hash = await send(other_worker, extensions=persisted(QUERY), key=tenant.admin.key)
        by_get = await other_worker.http.get(
            "/graphql",
            params={"extensions": orjson.dumps(persisted(QUERY)).decode()},
            headers={"Authorization": f"Bearer {tenant.admin.key}"},
        )
    assert by_hash == {"data": {"viewer": {"name": "Ada Admin"}}}
    assert by_get.json() == {"data": {"viewer": {"name": "Ada Admin"}}}


async def test_a_hash_that_is_not_the_documents_is_refused_and_nothing_is_stored(
    client: GraphQLClient,
) -> None:
    answer = await send(client, query=OTHER, extensions=persisted(QUERY))

    assert codes(answer) == ["PERSISTED_QUERY_HASH_MISMATCH"]
    assert "sha256Hash" in answer["errors"][0]["message"]  # type: ignore[index]
    assert await stored() == set()


async def test_a_document_that_fails_validation_is_not_stored(client: GraphQLClient) -> None:
    broken = "{ noSuchField }"

    answer = await send(client, query=broken, extensions=persisted(broken))

    assert answer["errors"]
    assert await stored() == set()
    assert codes(await send(client, extensions=persisted(broken))) == ["PERSISTED_QUERY_NOT_FOUND"]


@pytest.mark.parametrize(
    ("extensions", "field"),
    [
        ({"persistedQuery": {"version": 2, "sha256Hash": sha256(OTHER)}}, "version"),
        ({"persistedQuery": {"version": 1, "sha256Hash": "ABC"}}, "sha256Hash"),
        ({"persistedQuery": "yes"}, "persistedQuery"),
    ],
)
async def test_a_malformed_persisted_query_names_the_field(
    client: GraphQLClient, extensions: dict[str, object], field: str
) -> None:
    answer = await send(client, query=OTHER, extensions=extensions)

    assert codes(answer) == ["PERSISTED_QUERY_INVALID"]
    assert field in answer["errors"][0]["message"]  # type: ignore[index]


async def test_the_store_keeps_the_most_recently_used_documents(
    db: Backend, settings: Settings
) -> None:
    bounded = dataclasses.replace(settings, limits=Limits(max_persisted_documents=3))
    documents = [f"query Q{number} {{ __typename }}" for number in range(5)]
    async with app_client(bounded) as client:
        for document in documents[:3]:
            await send(client, query=document, extensions=persisted(document))
    # A fresh worker uses the first one again (a use recorded in the database), then two more
    # documents arrive.
    async with app_client(bounded) as client:
        assert "errors" not in await send(client, extensions=persisted(documents[0]))
        for document in documents[3:]:
            await send(client, query=document, extensions=persisted(document))

    assert await stored() == {sha256(documents[0]), sha256(documents[3]), sha256(documents[4])}


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "persisted-documents.json"
    path.write_bytes(orjson.dumps({sha256(QUERY): QUERY}))
    return path


async def test_with_trusted_documents_only_admins_run_other_documents(
    db: Backend, settings: Settings, manifest: Path
) -> None:
    tenant = await create_tenant()
    trusted = dataclasses.replace(settings, trusted_documents=(manifest,))

    async with app_client(trusted) as client:
        listed_by_hash = await send(client, extensions=persisted(QUERY), key=tenant.member.key)
        listed_as_text = await send(client, query=QUERY)
        not_listed = await send(client, query=OTHER)
        not_listed_with_hash = await send(client, query=OTHER, extensions=persisted(OTHER))
        member = await send(client, query=OTHER, key=tenant.member.key)
        unknown_hash = await send(client, extensions=persisted(OTHER))
        admin = await send(client, query=OTHER, extensions=persisted(OTHER), key=tenant.admin.key)
        admin_again = await send(client, extensions=persisted(OTHER), key=tenant.admin.key)
        anonymous_after = await send(client, extensions=persisted(OTHER))

    assert listed_by_hash == {"data": {"viewer": {"name": "Max Member"}}}
    assert listed_as_text == {"data": {"viewer": None}}
    assert codes(not_listed) == ["PERSISTED_QUERY_NOT_ALLOWED"]
    assert codes(not_listed_with_hash) == ["PERSISTED_QUERY_NOT_ALLOWED"]
    assert codes(member) == ["PERSISTED_QUERY_NOT_ALLOWED"]
    assert codes(unknown_hash) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert admin == {"data": {"__typename": "Query"}}
    assert admin_again == {"data": {"__typename": "Query"}}
    # What an admin registered is not trusted for others.
    assert codes(anonymous_after) == ["PERSISTED_QUERY_NOT_FOUND"]


def test_an_apollo_manifest_is_read_too(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "persisted-query-manifest.json"
    path.write_bytes(
        orjson.dumps(
            {
                "format": "apollo-persisted-query-manifest",
                "version": 1,
                "operations": [{"id": sha256(QUERY), "body": QUERY, "name": "Viewer"}],
            }
        )
    )
    create_app(dataclasses.replace(settings, trusted_documents=(path,)), manage_database=False)


def test_a_manifest_document_that_does_not_validate_stops_the_start(
    settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "persisted-documents.json"
    path.write_bytes(orjson.dumps({"abc": "{ noSuchField }"}))

    with pytest.raises(ConfigError, match=r"SLOTLINK_TRUSTED_DOCUMENTS: .*abc: .*noSuchField"):
        create_app(dataclasses.replace(settings, trusted_documents=(path,)), manage_database=False)


async def test_without_persisted_queries_nothing_changes(client: GraphQLClient) -> None:
    response = await client.http.post("/graphql", json={"query": OTHER})

    assert response.json() == {"data": {"__typename": "Query"}}
    assert isinstance(response, httpx.Response)
