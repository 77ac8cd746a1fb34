"""Small-number suppression: primary cells, the secondary cell that stops subtraction, and the group rules."""

from hypothesis import given
from hypothesis import strategies as st

from nyinorge.statistics.suppression import Relation, cells_to_suppress, is_small, mean_hidden, share_hidden

BREAKDOWN = Relation("total", ("a", "b", "c"))


def test_a_small_part_takes_the_smallest_other_part_with_it():
    hidden = cells_to_suppress(values={"total": 27, "a": 3, "b": 9, "c": 15}, relations=[BREAKDOWN])
    assert hidden == {"a", "b"}  # with only "a" hidden, 27 − 9 − 15 would give it back


def test_a_small_unpublished_rest_counts_as_a_hidden_cell():
    # 20 − (5 + 6 + 6) = 3 shielded identities: showing every part would reveal them.
    hidden = cells_to_suppress(values={"total": 20, "a": 5, "b": 6, "c": 6}, relations=[BREAKDOWN])
    assert hidden == {"a"}


def test_nothing_is_hidden_without_small_numbers():
    assert cells_to_suppress(values={"total": 30, "a": 10, "b": 0, "c": 20}, relations=[BREAKDOWN]) == frozenset()


def test_suppression_spreads_through_linked_relations():
    relations = [BREAKDOWN, Relation("b", ("b_children",))]
    hidden = cells_to_suppress(values={"total": 40, "a": 20, "b": 12, "c": 8, "b_children": 6}, relations=relations)
    assert hidden == frozenset()
    # b's adults (12 − 10 = 2) are small and unpublished: b_children must go, or b − b_children gives them.
    hidden = cells_to_suppress(values={"total": 40, "a": 20, "b": 12, "c": 8, "b_children": 10}, relations=relations)
    assert hidden == {"b_children"}
    assert _derivable(hidden, {"total": 40, "a": 20, "b": 12, "c": 8, "b_children": 10}, relations) == set()


def test_group_rules_for_shares_and_means():
    assert share_hidden(share=0.5, group=4) and mean_hidden(group=4)
    assert not share_hidden(share=0.5, group=40) and not mean_hidden(group=40)
    assert share_hidden(share=0.95, group=40)  # 2 persons outside the share
    assert share_hidden(share=0.05, group=40)  # 2 inside
    assert not share_hidden(share=None, group=0) and not mean_hidden(group=0)


def _derivable(hidden, values, relations) -> set[str]:
    """Cells a reader recovers by subtraction: the lone hidden cell of a relation (the rest counts as shown)."""
    found = set()
    for relation in relations:
        rest = values[relation.total] - sum(values[p] for p in relation.parts)
        cells = [c for c in (relation.total, *relation.parts) if c in hidden]
        if len(cells) == 1 and not is_small(rest):
            found.add(cells[0])
        if not cells and is_small(rest):
            found.add(f"rest of {relation.total}")
    return found


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=3, max_size=3),
       st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=1),
       st.integers(min_value=0, max_value=8))
def test_no_small_number_is_shown_or_derivable(parts, children, rest):
    a, b, c = parts
    values = {"a": a, "b": b + children[0], "c": c, "b_children": children[0], "total": a + b + children[0] + c + rest}
    relations = [BREAKDOWN, Relation("b", ("b_children",))]
    hidden = cells_to_suppress(values=values, relations=relations)
    assert {key for key, value in values.items() if is_small(value)} <= hidden
    assert _derivable(hidden, values, relations) == set()
