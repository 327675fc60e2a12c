# SPDX-License-Identifier: MIT
"""Run names: sequential, DNS-1123, at most 63 characters."""

import pytest

from invenio_compchem_processor.naming import (
    MAX_NAME_LENGTH,
    MAX_RECORD_ID_LENGTH,
    MAX_SEQUENCE,
    MAX_WORKFLOW_NAME_LENGTH,
    run_name,
    sequence_from_name,
    validate_workflow_name,
)


def test_run_name_joins_workflow_record_and_sequence():
    assert run_name("cclib-summary", "abcde-12345", 3) == "cclib-summary-abcde-12345-3"


@pytest.mark.parametrize("sequence", [0, -1, "1", 1.0, True, None])
def test_run_name_needs_a_positive_integer_sequence(sequence):
    with pytest.raises(ValueError, match="positive integer"):
        run_name("wf", "abcde-12345", sequence)


@pytest.mark.parametrize(
    "workflow, record_id",
    [
        ("Upper", "abcde-12345"),
        ("wf", "ABCDE-12345"),
        ("wf_x", "abcde-12345"),
        ("-wf", "abcde-12345"),
        ("wf", "abc.de"),
    ],
)
def test_run_name_must_be_dns_1123(workflow, record_id):
    with pytest.raises(ValueError, match="DNS-1123"):
        run_name(workflow, record_id, 1)


def test_run_name_must_fit_63_characters():
    workflow = "w" * (MAX_NAME_LENGTH - len("-abcde-12345-1"))
    assert len(run_name(workflow, "abcde-12345", 1)) == MAX_NAME_LENGTH
    with pytest.raises(ValueError, match="at most 63"):
        run_name(workflow + "w", "abcde-12345", 1)


def test_longest_allowed_workflow_name_fits_every_run_name():
    workflow = "w" * MAX_WORKFLOW_NAME_LENGTH
    validate_workflow_name(workflow)
    name = run_name(workflow, "r" * MAX_RECORD_ID_LENGTH, MAX_SEQUENCE)
    assert len(name) == MAX_NAME_LENGTH


def test_workflow_name_one_character_too_long_is_refused_with_the_limit():
    with pytest.raises(ValueError) as error:
        validate_workflow_name("w" * (MAX_WORKFLOW_NAME_LENGTH + 1))
    assert str(MAX_WORKFLOW_NAME_LENGTH) in str(error.value)
    assert "63" in str(error.value)


@pytest.mark.parametrize("name", ["", "Cclib", "cclib_summary", "cclib-", "a b", None])
def test_workflow_name_must_be_dns_1123(name):
    with pytest.raises(ValueError, match="DNS-1123"):
        validate_workflow_name(name)


@pytest.mark.parametrize(
    "name, sequence",
    [
        ("cclib-summary-abcde-12345-7", 7),
        ("cclib-summary-abcde-12345-120", 120),
        ("cclib-summary-abcde-12345-7-x4k2q", None),
        ("cclib-summary-abcde-12345-07", None),
        ("", None),
    ],
)
def test_sequence_from_name(name, sequence):
    assert sequence_from_name(name) == sequence
