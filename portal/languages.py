"""The languages the portal speaks. Adding one: an entry here plus its catalogue."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # Babel locale and the value of ?lang=
    html_lang: str  # BCP 47 tag for lang="" attributes
    native_name: str  # what the language calls itself, shown in the chooser
    rtl: bool = False


LANGUAGES: tuple[Language, ...] = (
    Language("en", "en", "English"),
    Language("cy", "cy", "Cymraeg"),
    Language("ar", "ar", "العربية", rtl=True),
    Language("fa", "fa", "فارسی", rtl=True),
    Language("ckb", "ckb", "کوردی (سۆرانی)", rtl=True),
    Language("ur", "ur", "اردو", rtl=True),
    Language("pl", "pl", "Polski"),
    Language("pt", "pt", "Português"),
    Language("es", "es", "Español"),
    Language("zh", "zh-Hans", "中文（简体）"),
    Language("bn", "bn", "বাংলা"),
    Language("tr", "tr", "Türkçe"),
    Language("ro", "ro", "Română"),
    Language("pa", "pa", "ਪੰਜਾਬੀ"),
    Language("uk", "uk", "Українська"),
)

BY_CODE = {language.code: language for language in LANGUAGES}
DEFAULT = LANGUAGES[0]


def language_for(code: str | None) -> Language:
    return BY_CODE.get(code or "", DEFAULT)
