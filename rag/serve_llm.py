"""`rag serve-llm`: the model behind llama-cpp-python's OpenAI-compatible server, plus `GET /props`."""

from __future__ import annotations

from typing import Any

from .models import PACKAGED_MODELS, resolve_model_path
from .settings import Settings


def create_server_app(settings: Settings) -> Any:
    """llama-cpp-python's server app for settings.model (a packaged name, a .gguf path), at the
    pipeline's seed, threads and context, with log-probabilities on. `GET /props` tells clients
    the chat template, as llama.cpp's own server does, so a client renders the exact prompt."""
    from llama_cpp.server.app import create_app
    from llama_cpp.server.settings import ModelSettings, ServerSettings

    if settings.model.startswith("openai:"):
        raise ValueError("serve-llm serves a local model: set --model to packaged:<name> or a .gguf path")
    path = resolve_model_path(settings.model, settings.cache_dir)
    model = ModelSettings(
        model=str(path),
        model_alias=settings.model,
        n_ctx=settings.n_ctx,
        n_threads=settings.n_threads,
        n_threads_batch=settings.n_threads,
        n_batch=512,
        seed=settings.seed,
        logits_all=True,  # llama-cpp-python returns `logprobs` only with every position's logits kept
        verbose=False,
    )
    app = create_app(server_settings=ServerSettings(), model_settings=[model])

    from llama_cpp.server import app as server_module

    llama = server_module._llama_proxy(None) if server_module._llama_proxy is not None else None  # loaded by create_app
    props = _props(llama)
    packaged = PACKAGED_MODELS.get(settings.model.removeprefix("packaged:"))
    if packaged is not None and not packaged.chat_template:
        props["chat_template"] = ""  # answered with the plain prompt in process too (rag.llm.plain_prompt)

    @app.get("/props")
    def read_props() -> dict[str, Any]:
        return props

    return app


def _props(llama: Any) -> dict[str, Any]:
    if llama is None:
        return {}

    def piece(token: int) -> str:
        try:
            return bytes(llama.detokenize([token], special=True)).decode("utf-8", errors="ignore")
        except Exception:  # a model without that token
            return ""

    metadata = llama.metadata or {}
    return {
        "chat_template": metadata.get("tokenizer.chat_template", ""),
        "bos_token": piece(llama.token_bos()),
        "eos_token": piece(llama.token_eos()),
        "n_ctx": llama.n_ctx(),
    }


def serve(settings: Settings, host: str, port: int) -> None:
    import logging

    import uvicorn

    if host not in ("127.0.0.1", "localhost", "::1"):
        logging.getLogger(__name__).warning("serving on %s: the endpoint has no authentication; keep it on a private network", host)
    uvicorn.run(create_server_app(settings), host=host, port=port, log_level="warning")
