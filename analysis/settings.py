"""The user's corpus settings in the data directory: extra dictionary words and stopwords,
whether to show the bundled seeds, and their own copy of the theme lexicon."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .atomic import write_atomic

SETTINGS_FILE = "settings.json"
LEXICON_FILE = "themes.yaml"


class SettingsError(ValueError):
    """A settings file that cannot be read (Chinese message); it is left untouched."""


@dataclass
class Settings:
    words: list[str] = field(default_factory=list)
    stopwords: list[str] = field(default_factory=list)
    hide_seeds: bool = False


def settings_path(data_dir: Path) -> Path:
    return Path(data_dir) / SETTINGS_FILE


def lexicon_path(data_dir: Path) -> Path:
    return Path(data_dir) / LEXICON_FILE


def user_settings(data_dir: Path) -> Settings:
    """The saved settings; defaults when there are none; SettingsError when unreadable."""
    path = settings_path(data_dir)
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Settings(
            words=[str(w) for w in raw.get("words", [])],
            stopwords=[str(w) for w in raw.get("stopwords", [])],
            hide_seeds=bool(raw.get("hide_seeds", False)),
        )
    except (OSError, ValueError, AttributeError) as err:
        raise SettingsError(f"设置文件 {path.name} 无法读取（{err}），已保留原文件，暂用默认设置") from err


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Write the settings atomically."""
    data = json.dumps(asdict(settings), ensure_ascii=False, indent=1).encode("utf-8")
    write_atomic(settings_path(data_dir), data)


def update_settings(data_dir: Path, **changes) -> Settings:
    """Apply `changes` to the settings as they are on disk now, under the data directory's
    lock (two sessions saving at once keep both edits); return the saved settings.

    What changed is written to the edit log (`words` for the dictionary and stopwords,
    `settings` for the rest), with the old and the new values."""
    from .edit_log import Edit, append_edit, changed_fields
    from .locking import data_lock

    with data_lock(data_dir):
        try:
            settings = user_settings(data_dir)
        except SettingsError:
            # The broken file was reported; it is kept beside the new one, not lost.
            broken = settings_path(data_dir)
            write_atomic(broken.with_name(broken.name + ".broken"), broken.read_bytes())
            settings = Settings()
        before = asdict(settings)
        for key, value in changes.items():
            if not hasattr(settings, key):
                raise TypeError(f"unknown setting {key}")
            setattr(settings, key, value)
        save_settings(data_dir, settings)
        old, new = changed_fields(before, asdict(settings))
        if new:
            action = "words" if set(new) <= {"words", "stopwords"} else "settings"
            append_edit(data_dir, Edit(action, SETTINGS_FILE, old=old, new=new))
    return settings


def save_lexicon(data_dir: Path, text: str) -> None:
    """Validate and store the user's theme lexicon (raises LexiconError when malformed).

    The edit log gets the themes whose words changed (and `min_hits`), old and new."""
    from .edit_log import Edit, append_edit, changed_fields
    from .locking import data_lock
    from .themes import load_lexicon, parse_lexicon

    themes, min_hits = parse_lexicon(text)
    with data_lock(data_dir):
        try:
            old_themes, old_min = load_lexicon(lexicon_path(data_dir))
        except (OSError, ValueError):  # a broken earlier file: log everything as new
            old_themes, old_min = {}, None
        write_atomic(lexicon_path(data_dir), text)
        before, after = {**old_themes, "min_hits": old_min}, {**themes, "min_hits": min_hits}
        old, new = changed_fields(before, after)
        old.update({t: w for t, w in before.items() if t not in after})  # themes removed
        new.update({t: None for t in before if t not in after})
        if new:
            append_edit(data_dir, Edit("lexicon", LEXICON_FILE, old=old, new=new))
