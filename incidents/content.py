"""The stored and generated texts the UI shows in the reader's language by catalogue lookup.

Shipped content is created in English (default teams, playbooks and their tasks, drill
scenarios) and stays so in the database and the API; the pages look each text up in the
catalogue (``compliance.wording.text``), so an organisation's own edits show as written. This
list is what ``manage.py translations_sync`` keeps in the catalogues and what
tests/config/test_content_translations.py holds to a translation in both Chinese scripts.
"""

from __future__ import annotations

from compliance.register_reasoning import REASONING_SENTENCES, TIER_WORDS
from compliance.risk_wording import risk_texts
from compliance.wording import decision_texts, engine_texts
from incidents.learning.scenarios import DEFAULT_SCENARIOS
from incidents.response.defaults import DEFAULT_PLAYBOOKS
from incidents.setup import DEFAULT_TEAMS


def content_msgids() -> list[str]:
    """Every shipped text the pages translate, once each: engine first, then the defaults."""
    found: dict[str, None] = dict.fromkeys(engine_texts())
    generated_texts = (
        decision_texts(),
        risk_texts(),
        REASONING_SENTENCES.values(),
        TIER_WORDS.values(),
    )
    for generated in generated_texts:
        found |= dict.fromkeys(generated)
    for _code, name, description in DEFAULT_TEAMS:
        found[name] = found[description] = None
    for playbook in DEFAULT_PLAYBOOKS:
        found[playbook.name] = found[playbook.description] = None
        for task in playbook.templates:
            found[task.title] = found[task.instructions] = None
    for scenario in DEFAULT_SCENARIOS:
        found[scenario.name] = found[scenario.brief] = None
        for _minutes, inject in scenario.injects:
            found[inject] = None
    return [msgid for msgid in found if msgid]
