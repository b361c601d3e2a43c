"""What the rules page says about a topic because of this project's own data.

A rule topic's explanation is the same for every project. Some topics matter more, or only, for
certain projects: revenue and joint sales when the business model lists revenue streams, the
special provisions for public partners when a partner belongs to the state or to science. This
module finds those partners and words the hint the topic's panel shows above its variants.
"""

from __future__ import annotations

from kooperation.domain.labels import sector_label
from kooperation.domain.legal_forms import canonical_form
from kooperation.domain.model import Partner, Project, Sector
from kooperation.i18n import _

PUBLIC_SECTORS = (Sector.STAAT, Sector.WISSENSCHAFT)
# legal forms of public law (canonical spelling, see legal_forms.canonical_form) and words that
# name one in the user's own spelling
_PUBLIC_FORMS = {"kdör", "adör", "aör", "kör"}
_PUBLIC_WORDS = ("öffentlichen rechts", "gebietskörperschaft", "eigenbetrieb", "landesbetrieb")
_LONGEST_QUOTE = 160


def is_public(partner: Partner) -> bool:
    """A partner from the state or from science, or with a legal form of public law."""
    if partner.sector in PUBLIC_SECTORS:
        return True
    form = partner.legal_form.strip()
    return canonical_form(form) in _PUBLIC_FORMS or any(w in form.casefold() for w in _PUBLIC_WORDS)


def public_partners(project: Project) -> list[Partner]:
    """The partners for whom the special provisions for public partners apply, in list order."""
    return [p for p in project.partners if is_public(p)]


def _quote(text: str) -> str:
    """The user's text on one line, shortened, without a closing full stop (the sentence around
    it has its own)."""
    text = " ".join(text.split()).rstrip(" .;,")
    if len(text) <= _LONGEST_QUOTE:
        return text
    return text[: _LONGEST_QUOTE - 1].rsplit(" ", 1)[0] + " …"


def topic_hints(project: Project, topic_id: str) -> list[str]:
    """Sentences for the panel of ``topic_id`` that follow from the project's data (may be empty)."""
    decision = project.decision(topic_id)
    undecided = decision.variant is None or decision.is_open
    if topic_id == "einnahmen":
        streams = project.business_model.revenue_streams.strip()
        if streams and undecided:
            return [
                _(
                    "Ihr Geschäftsmodell sieht Einnahmen vor: „{streams}“. Legen Sie fest, wer "
                    "die Verträge mit den Kunden schließt und wie gemeinsame Einnahmen verteilt "
                    "werden. Bis dahin verkauft im Entwurf jeder Partner im eigenen Namen; wer "
                    "trotzdem gemeinsam im Namen aller verkauft, bildet eine rechtsfähige GbR, "
                    "für deren Schulden jeder Partner persönlich haftet."
                ).format(streams=_quote(streams))
            ]
    if topic_id == "oeffentliche_partner":
        public = public_partners(project)
        if not public:
            return [
                _(
                    "Kein Partner gehört zu Staat oder Wissenschaft oder hat eine Rechtsform des "
                    "öffentlichen Rechts; diese Bestimmung erscheint deshalb nicht im Vertrag."
                )
            ]
        names = ", ".join(
            _("{name} ({sector})").format(name=p.display_name or p.name, sector=sector_label(p.sector))
            for p in public
        )
        return [
            _(
                "Öffentliche Partner in diesem Vorhaben: {names}. Für sie erscheint diese "
                "Bestimmung im Vertrag."
            ).format(names=names)
        ]
    return []
