#!/usr/bin/env python3
# Rewrites the shown outputs of doc command blocks whose output changed (after
# a change meant to move figures, e.g. new draws), keeping
# their excerpts: each shown line is replaced by the matching printed line
# (exact first, else by its first word, searching forward), and lines newly
# printed between two consecutive shown lines are inserted.
# Usage: python3 tests/regression/update_doc_outputs.py REPO_ROOT SVCSIM_BINARY docs/*.md
# (absolute paths). Lines it cannot place are listed: mend those by hand, and
# check the prose around every changed figure.
import os, re, subprocess, sys, tempfile, shutil
src = sys.argv[1]; binary = sys.argv[2]; docs = sys.argv[3:]
wall = re.compile(r' \([0-9.]+[kMG]? events/s\)')
calls = re.compile(r'(^|[|&;]\s*)(build/)?svcsim |^parallel .* svcsim ')

def blocks(lines):
    i = 0
    while i < len(lines):
        if lines[i].startswith('```'):
            start = i; i += 1
            while i < len(lines) and not lines[i].startswith('```'): i += 1
            yield start, i  # lines[start+1:i] are the block
        i += 1

ws = tempfile.mkdtemp()
ref = open(os.path.join(src, 'docs/scenario-reference.md')).read().split('\n')
for s, e in blocks(ref):
    if ref[s][3:] != 'yaml': continue
    b = ref[s+1:e]; name = ''
    m = re.match(r'^#\s*([A-Za-z0-9_.-]+\.yaml)\b', b[0]) if b else None
    if m: name = m.group(1)
    else:
        for l in b:
            m = re.match(r'^name:\s*([A-Za-z0-9_-]+)\s*(#.*)?$', l)
            if m: name = m.group(1) + '.yaml'; break
    if name: open(os.path.join(ws, name), 'w').write('\n'.join(b) + '\n')
shutil.copy(os.path.join(src, 'scenarios/mm1.yaml'), os.path.join(ws, 'mm1.yaml'))
os.makedirs(os.path.join(ws, 'traces')); open(os.path.join(ws, 'traces/ingest.csv'), 'w').write('0.25\n0.5\n1.75\n')
for d in ('scenarios', 'docs', 'tests'): os.symlink(os.path.join(src, d), os.path.join(ws, d))
for d in ('results', 'build', 'bin'): os.makedirs(os.path.join(ws, d))
os.symlink(binary, os.path.join(ws, 'build/svcsim')); os.symlink(binary, os.path.join(ws, 'bin/svcsim'))

def run(cmd):
    p = subprocess.run(['sh', '-c', cmd], cwd=ws, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       env=dict(os.environ, PATH=os.path.join(ws, 'bin') + ':' + os.environ['PATH']))
    out = wall.sub(' (…)', p.stdout.decode())
    return [l.rstrip(' \r') for l in out.split('\n')[:-1] if not l.startswith('svcsim: progress ')]

def key(l):
    m = re.match(r'^(\s*)(\S+)', l)
    return (m.group(1), m.group(2)) if m else ('', '')

def rewrite(shown, actual):
    out = []; a = 0; prev = None
    for s in shown:
        if s in ('…', '...'):
            out.append(s); prev = None; continue
        found = None
        for j in range(a, len(actual)):
            if actual[j] == s: found = j; break
        if found is None:
            for j in range(a, len(actual)):
                if key(actual[j]) == key(s) and key(s) != ('', ''): found = j; break
        if found is None:
            for j in range(a, len(actual)):  # a blank shown line
                if actual[j] == s: found = j; break
        if found is None:
            print('  cannot place shown line:', repr(s)); return None
        if prev is not None and found > prev + 1:
            out.extend(actual[prev+1:found])  # newly printed between two consecutive shown lines
        out.append(actual[found]); prev = found; a = found + 1
    if prev is not None and shown and shown[-1] not in ('…', '...') and prev + 1 < len(actual):
        out.extend(actual[prev+1:])
    return out

for doc in docs:
    path = os.path.join(src, doc); lines = open(path).read().split('\n'); changed = False
    new_lines = list(lines)
    for s, e in reversed(list(blocks(lines))):
        b = lines[s+1:e]; i = 0; out_block = []
        while i < len(b):
            if not b[i].startswith('$ '):
                out_block.append(b[i]); i += 1; continue
            cmd = b[i][2:]; cmd_lines = [b[i]]; i += 1
            while cmd.endswith('\\') and i < len(b): cmd += '\n' + b[i]; cmd_lines.append(b[i]); i += 1
            shown = []
            while i < len(b) and not b[i].startswith('$ '): shown.append(b[i]); i += 1
            out_block.extend(cmd_lines)
            if cmd == 'echo $?' or not calls.search(cmd):
                out_block.extend(shown); continue
            actual = run(cmd)
            # does it match already?
            new = rewrite(shown, actual)
            if new is None or new == shown:
                out_block.extend(shown); continue
            print(f'{doc}:{s+1}: {cmd[:70]}')
            out_block.extend(new); changed = True
        new_lines[s+1:e] = out_block
    if changed: open(path, 'w').write('\n'.join(new_lines))
