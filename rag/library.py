"""A live corpus: add and remove articles, re-indexing incrementally while readers keep answering.

`add` copies article files into the corpus folder and `remove` moves them out (into the folder's
hidden `.removed/`, so nothing is lost); both then rebuild the index, which embeds only chunks it
has not seen. Both run under the index's writer lock, and the manifest is replaced last, so a
reader (a page answering a question) loads either the old index or the new one, never a mix.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

from .corpus import ARTICLE_SUFFIXES, load_article
from .embed import Embedder, get_embedder
from .index import build_under_lock, file_sha256, index_writer_lock, read_manifest
from .settings import Settings

log = logging.getLogger(__name__)

REMOVED_DIR = ".removed"


@dataclass
class Change:
    """What an add or a remove did, file by file, and the index it left."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # file -> why
    manifest: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        parts = [f"{len(v)} {k}" for k, v in (("added", self.added), ("updated", self.updated), ("removed", self.removed)) if v]
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} unchanged")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped ({'; '.join(f'{k}: {v}' for k, v in self.skipped.items())})")
        stats = self.manifest.get("stats", {})
        index = f"{self.manifest.get('num_chunks', 0)} chunks from {len(self.manifest.get('corpus', {}))} articles"
        return (
            f"{', '.join(parts) or 'nothing to do'}; index: {index} ({stats.get('embedded', 0)} embedded, {stats.get('reused', 0)} reused)"
        )


def article_paths(paths: list[Path]) -> list[Path]:
    """The article files named, folders opened (recursively); a missing path or a file of another
    kind is an error before anything changes."""
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not inside:
                raise ValueError(f"{path} holds no article files ({', '.join(sorted(ARTICLE_SUFFIXES))})")
            found += inside
        elif path.suffix.lower() in ARTICLE_SUFFIXES:
            found.append(path)
        else:
            raise ValueError(f"{path.name}: not an article file; use {', '.join(sorted(ARTICLE_SUFFIXES))}")
    names = [p.name for p in found]
    if clash := sorted({n for n in names if names.count(n) > 1}):
        raise ValueError(f"two files named {', '.join(clash)}: the corpus folder keeps one file per name")
    return found


def add(settings: Settings, paths: list[Path], embedder: Embedder | None = None, progress: bool = False) -> Change:
    """Copy these article files into the corpus folder and index them. A file with the name of one
    already there replaces it (an update); a file holding no article is skipped and reported."""
    files = article_paths(paths)
    embedder = embedder or get_embedder(settings.embedder, settings.n_threads)
    change = Change()
    corpus = Path(settings.corpus_dir)
    corpus.mkdir(parents=True, exist_ok=True)
    with index_writer_lock(settings):
        for source in files:
            if load_article(source) is None:  # the reader logged why
                change.skipped[source.name] = "no readable article in it"
                continue
            target = corpus / source.name
            # One article per doc id (the file's stem): "story.html" beside "story.txt" would be skipped.
            if twin := next(
                (p for p in corpus.glob(f"{glob_escape(source.stem)}.*") if p.name != source.name and p.suffix.lower() in ARTICLE_SUFFIXES),
                None,
            ):
                change.skipped[source.name] = f"the article {source.stem!r} is already in the corpus as {twin.name}; rename the file"
                continue
            if target.exists() and file_sha256(target) == file_sha256(source):
                change.unchanged.append(source.name)
                continue
            (change.updated if target.exists() else change.added).append(source.name)
            _atomic_copy(source, target)
        change.manifest = build_under_lock(settings, embedder, progress)
    log.info("add: %s", change.summary())
    return change


def remove(settings: Settings, doc_ids: list[str], embedder: Embedder | None = None, progress: bool = False) -> Change:
    """Take these articles out of the corpus and the index. Their files move to the corpus folder's
    `.removed/`, so a removal can be undone by adding them back."""
    manifest = read_manifest(settings)
    indexed = manifest.get("corpus", {})
    if unknown := [d for d in doc_ids if d not in indexed]:
        known = ", ".join(sorted(indexed)) or "none"
        raise ValueError(f"no article with id {', '.join(unknown)} in the index (its articles: {known})")
    embedder = embedder or get_embedder(settings.embedder, settings.n_threads)
    change = Change()
    corpus = Path(settings.corpus_dir)
    with index_writer_lock(settings):
        keep = corpus / REMOVED_DIR / time.strftime("%Y%m%dT%H%M%S")
        for doc_id in doc_ids:
            path = corpus / indexed[doc_id]["file"]
            if path.exists():
                keep.mkdir(parents=True, exist_ok=True)
                os.replace(path, keep / path.name)
            change.removed.append(doc_id)
        change.manifest = build_under_lock(settings, embedder, progress)
    log.info("remove: %s", change.summary())
    return change


def _atomic_copy(source: Path, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.copyfile(source, tmp)
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, target)
