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
    lock (two sessions saving at once keep both edits); return the saved settings."""
    from .locking import data_lock

    with data_lock(data_dir):
        try:
            settings = user_settings(data_dir)
        except SettingsError:
            # The broken file was reported; it is kept beside the new one, not lost.
            broken = settings_path(data_dir)
            write_atomic(broken.with_name(broken.name + ".broken"), broken.read_bytes())
            settings = Settings()
        for key, value in changes.items():
            if not hasattr(settings, key):
                raise TypeError(f"unknown setting {key}")
            setattr(settings, key, value)
        save_settings(data_dir, settings)
    return settings


def save_lexicon(data_dir: Path, text: str) -> None:
    """Validate and store the user's theme lexicon (raises LexiconError when malformed)."""
    from .themes import parse_lexicon

    from .locking import data_lock

    parse_lexicon(text)
    with data_lock(data_dir):
        write_atomic(lexicon_path(data_dir), text)
