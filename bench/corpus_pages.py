"""What the corpus benches share: the pages of some folders, their models, and reflint's line numbering."""
import json
import os
import subprocess


def pages(folders):
    """Every .html/.htm file below `folders`, in a stable order."""
    for folder in folders:
        for root, _, files in os.walk(folder):
            for name in sorted(files):
                if name.endswith(('.html', '.htm')):
                    yield os.path.join(root, name)


def utf8_model(reflint, path):
    """The model `reflint --dump-model` reads from a UTF-8 page (one a bench can plant text in
    without re-encoding it), else None."""
    dump = subprocess.run([reflint, '--dump-model', path], capture_output=True, text=True)
    if dump.returncode != 0:
        return None
    model = json.loads(dump.stdout)
    return model if model['encoding'].lower() in ('utf-8', 'utf8') else None


def utf8_models(reflint, folders):
    """(path, model) of every UTF-8 page below `folders`."""
    for path in pages(folders):
        model = utf8_model(reflint, path)
        if model is not None:
            yield path, model


def line_starts(text):
    """Code-point offset of each line start (1-based lines); CRLF, LF and a lone CR each end a line,
    as reflint counts them."""
    starts = [0, 0]
    for i, c in enumerate(text):
        if c == '\n' or (c == '\r' and text[i + 1:i + 2] != '\n'):
            starts.append(i + 1)
    return starts
