"""Text primitives: the English terms the TF-IDF model is built on."""

from companies.text import english_terms


def test_two_word_terms_only_from_words_side_by_side():
    terms = english_terms("Heat pumps for district heating, large heat pumps.\nBiogas plants")

    assert terms == [
        "heat", "pump", "heat pump",
        "district", "heating", "district heating",
        "large", "heat", "large heat", "pump", "heat pump",
        "biogas", "plant", "biogas plant",
    ]
    # Not across a dropped stop word ("for"), a comma, a full stop or a line break.
    assert {"pump district", "heating large", "pump biogas"}.isdisjoint(terms)


def test_accents_case_hyphens_and_one_letter_words():
    assert english_terms("Wärme-Netze: CO2 sensors, TRL 7 pilots") == [
        "warme", "netze", "warme netze", "co2", "sensor", "co2 sensor", "trl", "pilot",
    ]
    assert english_terms("") == []
    # Plurals meet singulars ("heat pumps" ~ "heat pump"); bare numbers are dropped.
    assert english_terms("200 heat pumps, biomass, gas") == [
        "heat", "pump", "heat pump", "biomass", "gas",
    ]
    assert english_terms("the and of") == []
