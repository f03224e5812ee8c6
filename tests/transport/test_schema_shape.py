"""Shapes that keep normalized client caches (Apollo, urql's graphcache) right."""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType

from schema import schema

TYPES = schema._schema.type_map


def test_every_type_with_an_id_is_a_node() -> None:
    with_ids = [
        graphql_type
        for name, graphql_type in TYPES.items()
        if isinstance(graphql_type, GraphQLObjectType)
        and not name.startswith("__")
        and "id" in graphql_type.fields
    ]

    not_nodes = [
        each.name
        for each in with_ids
        if "Node" not in {interface.name for interface in each.interfaces}
    ]

    assert len(with_ids) > 10
    assert not_nodes == []


def test_ids_are_non_null_ids() -> None:
    for name, graphql_type in TYPES.items():
        if isinstance(graphql_type, GraphQLObjectType) and "id" in graphql_type.fields:
            field_type = graphql_type.fields["id"].type
            assert isinstance(field_type, GraphQLNonNull), name
            assert isinstance(field_type.of_type, GraphQLScalarType), name
            assert field_type.of_type.name == "ID", name


def test_no_two_enums_say_the_same_thing() -> None:
    by_values: dict[frozenset[str], list[str]] = {}
    for name, graphql_type in TYPES.items():
        if isinstance(graphql_type, GraphQLEnumType) and not name.startswith("__"):
            by_values.setdefault(frozenset(graphql_type.values), []).append(name)

    assert [names for names in by_values.values() if len(names) > 1] == []
