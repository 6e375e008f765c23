"""Words and concepts of a text: folding, stemming, and the short-stem rule."""

from __future__ import annotations

from lazos.matching.text import concepts, similarity, terms, terms_with_words


def test_accents_and_case_are_folded_and_words_stemmed():
    assert terms("Resíduos RECICLADOS", "pt") == terms("residuos reciclados", "pt")
    assert terms("la gestión de los residuos", "es") == ["gestion", "residu"]


def test_words_keep_their_accents_for_display():
    assert terms_with_words("Gestión de residuos", "es") == [
        ("gestion", "gestión"),
        ("residu", "residuos"),
    ]


def test_a_short_stem_does_not_match_a_longer_word():
    """Portuguese "sólidos" stems to "sol", like the energy keyword "solar"; Spanish "solo"
    too. Neither is about energy."""
    assert "energy" not in concepts("gestão de resíduos sólidos", ["pt"]).themes
    assert "energy" not in concepts("solo queremos reciclar", ["es"]).themes
    assert concepts("gestão de resíduos sólidos", ["pt"]).themes == {"waste"}


def test_a_short_keyword_still_matches_itself_and_its_plural():
    assert "energy" in concepts("painéis solares nas escolas", ["pt"]).themes
    assert "energy" in concepts("energía solar comunitaria", ["es"]).themes
    assert "waste" in concepts("coleta de lixo", ["pt"]).themes
    assert "water" in concepts("aguas residuales", ["es"]).themes


def test_a_spanish_query_and_a_portuguese_text_share_concepts_not_words():
    query = "manejo de basura y reciclaje en los barrios"
    practice = "Coleta seletiva de resíduos com cooperativas de catadores"
    assert "waste" in concepts(query).themes & concepts(practice, ["pt"]).themes
    assert similarity(terms(query, "es"), terms(practice, "pt")) == 0.0
