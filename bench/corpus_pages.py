"""What the corpus benches share: the pages of some folders, and reflint's line numbering."""
import os


def pages(folders):
    """Every .html/.htm file below `folders`, in a stable order."""
    for folder in folders:
        for root, _, files in os.walk(folder):
            for name in sorted(files):
                if name.endswith(('.html', '.htm')):
                    yield os.path.join(root, name)


def line_starts(text):
    """Code-point offset of each line start (1-based lines); CRLF, LF and a lone CR each end a line,
    as reflint counts them."""
    starts = [0, 0]
    for i, c in enumerate(text):
        if c == '\n' or (c == '\r' and text[i + 1:i + 2] != '\n'):
            starts.append(i + 1)
    return starts
