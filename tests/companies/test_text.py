"""Text primitives: the English terms the TF-IDF model is built on."""

from companies.text import english_terms


def test_two_word_terms_only_from_words_side_by_side():
    terms = english_terms("Heat pumps for district heating, large heat pumps.\nBiogas plants")

    assert terms == [
        "heat", "pumps", "heat pumps",
        "district", "heating", "district heating",
        "large", "heat", "large heat", "pumps", "heat pumps",
        "biogas", "plants", "biogas plants",
    ]
    # Not across a dropped stop word ("for"), a comma, a full stop or a line break.
    assert {"pumps district", "heating large", "pumps biogas"}.isdisjoint(terms)


def test_accents_case_hyphens_and_one_letter_words():
    assert english_terms("Wärme-Netze: CO2 sensors, TRL 7 pilots") == [
        "warme", "netze", "warme netze", "co2", "sensors", "co2 sensors", "trl", "pilots",
    ]
    assert english_terms("") == []
    assert english_terms("the and of") == []
