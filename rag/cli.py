"""The `rag` command: index, ask, chat, eval, serve-llm and bench, with flags taken from Settings."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import textwrap
import traceback

from .settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rag", description="Answer questions about news articles, with checked citations.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    commands = parser.add_subparsers(dest="command", required=True)

    index_cmd = commands.add_parser("index", help="build or refresh the index for the corpus")
    ask_cmd = commands.add_parser("ask", help="answer one question and print its sources")
    ask_cmd.add_argument("question")
    add_cmd = commands.add_parser("add", help="add article files or folders (.txt, .md, .html) to the corpus and index them")
    add_cmd.add_argument("paths", nargs="+", metavar="PATH")
    remove_cmd = commands.add_parser("remove", help="remove articles (by doc id, as `rag list` shows) from the corpus and the index")
    remove_cmd.add_argument("doc_ids", nargs="+", metavar="DOC_ID")
    list_cmd = commands.add_parser("list", help="list the indexed articles: doc id, outlet, date, title")
    chat_cmd = commands.add_parser("chat", help="serve the chat page")
    chat_cmd.add_argument("--port", type=int, default=7860)
    chat_cmd.add_argument("--host", default="127.0.0.1", help="address to bind; 127.0.0.1 keeps it on this machine")
    chat_cmd.add_argument("--share", action="store_true", help="open a public share link (off by default)")
    eval_cmd = commands.add_parser("eval", help="run the eval suites and compare with eval/baselines/")
    eval_cmd.add_argument("--suite", default="default", help="default | rgb-noise | rgb-reject | rgb (both) | all")
    eval_cmd.add_argument("--update-baseline", action="store_true", help="write this run as the new baseline of each suite")
    eval_cmd.add_argument("--limit", type=int, default=None, help="only the first N questions of each suite")
    eval_cmd.add_argument("--naive", action="store_true", help="evaluate the naive top-k + 'cite like [1]' baseline")
    eval_cmd.add_argument("--output", default=None, help="results folder (default eval/results/)")
    eval_cmd.add_argument("--no-compare", action="store_true", help="report only; do not gate on the baseline")
    serve_cmd = commands.add_parser(
        "serve-llm", help="serve the LLM on an OpenAI-compatible endpoint (use it with --model openai:http://host:port/v1)"
    )
    serve_cmd.add_argument("--port", type=int, default=8000)
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to bind; 127.0.0.1 keeps it on this machine")
    bench_cmd = commands.add_parser("bench", help="measure latency against the llama.cpp floor")
    bench_cmd.add_argument("--quick", action="store_true")
    for sub in (index_cmd, add_cmd, remove_cmd, list_cmd, ask_cmd, chat_cmd, eval_cmd, serve_cmd, bench_cmd):
        Settings.add_arguments(sub)
        # Also after the command (`rag ask -v ...`); SUPPRESS keeps a -v given before it.
        sub.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log what each stage does")

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("bm25s", "faiss", "httpx", "sentence_transformers"):
        logging.getLogger(noisy).setLevel(logging.INFO if args.verbose else logging.WARNING)
    settings = Settings.from_args(args)
    try:
        return int(_run(args, settings) or 0)
    except (ValueError, FileNotFoundError, RuntimeError) as exc:
        # The message names the fix; with -v, the traceback shows where it came from.
        if args.verbose:
            traceback.print_exc(file=sys.stderr)
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "index":
        from .index import build_index

        manifest = build_index(settings, progress=True)
        stats = manifest["stats"]
        print(
            f"indexed {manifest['num_chunks']} chunks from {len(manifest['corpus'])} articles into {settings.index_dir} "
            f"({stats['embedded']} embedded, {stats['reused']} reused, {stats['seconds']:.1f}s)"
        )
        return 0
    if args.command in ("add", "remove"):
        from pathlib import Path

        from . import library

        change = (
            library.add(settings, [Path(p) for p in args.paths], progress=True)
            if args.command == "add"
            else library.remove(settings, args.doc_ids, progress=True)
        )
        print(change.summary())
        return 0
    if args.command == "list":
        from .index import read_manifest

        for doc_id, meta in sorted(read_manifest(settings).get("corpus", {}).items()):
            print("\t".join([doc_id, meta.get("source") or "-", meta.get("date") or "-", meta.get("title") or ""]))
        return 0
    if args.command == "ask":
        from .pipeline import get_pipeline

        pipeline = get_pipeline(settings)
        result = pipeline.answer(args.question)
        print(result.text)
        for cit in result.citations:
            where = ", ".join(x for x in (cit.source, cit.date) if x) or "source not stated"
            # The file the article came from (a saved page's offsets point into its extracted text).
            file = os.path.basename(pipeline.loaded.articles[cit.doc_id].path) or cit.doc_id
            print(f"\n[{cit.marker}] {cit.title} ({where}) {file} {cit.doc_id}:{cit.start}-{cit.end}")
            print(textwrap.indent(textwrap.fill(f"“{' '.join(cit.quote.split())}”", 96), "    "))
        return 0
    if args.command == "chat":
        from ui.app import launch

        launch(settings, host=args.host, port=args.port, share=args.share)
        return 0
    if args.command == "eval":
        from .evaluation import run_cli

        return run_cli(settings, args)
    if args.command == "serve-llm":
        from .serve_llm import serve

        serve(settings, host=args.host, port=args.port)
        return 0
    if args.command == "bench":
        from .bench import run_bench

        return run_bench(settings, quick=args.quick)
    raise AssertionError(args.command)


if __name__ == "__main__":
    sys.exit(main())
