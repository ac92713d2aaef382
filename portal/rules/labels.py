"""Translated labels for the vocabulary's codes the portal ships with.

The codes themselves (which strands are monitored, which ASB types exist) are the council's
rules (``[vocabulary]`` in the rules file); this module only says how the shipped codes read in
every language. A council's own codes carry their labels in the rules file.
"""

from typing import Any

from flask_babel import lazy_gettext as _l

#: code -> (label, hint), for the seed's list of motivations.
STRAND_LABELS: dict[str, tuple[Any, Any]] = {
    "religion": (
        _l("Religion or belief"),
        _l("For example, being Muslim, Jewish, Christian, Sikh or having no religion"),
    ),
    "race": (_l("Race"), _l("Including skin colour and being Gypsy, Roma or a Traveller")),
    "ethnic_national_origin": (
        _l("Ethnic or national origin"),
        _l("Where you or your family are from, or your nationality"),
    ),
    "culture": (_l("Culture"), _l("For example, your way of life, language or dress")),
    "sexual_orientation": (_l("Sexual orientation"), _l("For example, being gay, lesbian or bisexual")),
    "gender_identity": (_l("Gender identity"), _l("For example, being trans or non-binary")),
    "disability": (_l("Disability"), _l("Including physical, learning and mental health conditions")),
}

ASB_TYPE_LABELS: dict[str, Any] = {
    "nuisance_neighbours": _l("Rowdy or nuisance neighbours"),
    "rowdy_behaviour": _l("Rowdy behaviour in public"),
    "noise": _l("Noise"),
    "vehicle_nuisance": _l("Vehicle nuisance or an abandoned vehicle"),
    "litter_drugs": _l("Littering or drugs paraphernalia"),
    "street_drinking": _l("Street drinking"),
    "begging": _l("Begging"),
    "animal_problems": _l("Animal problems"),
    "trespass": _l("Trespass"),
    "nuisance_communications": _l("Malicious or nuisance calls, messages or posts"),
    "prostitution": _l("Prostitution-related activity"),
    "fireworks": _l("Misuse of fireworks"),
    "vandalism_graffiti": _l("Vandalism or graffiti"),
    "intimidation": _l("Intimidation or harassment aimed at you or your household"),
    "other": _l("Something else"),
}
