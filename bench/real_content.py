#!/usr/bin/env python3
"""bench/real-content: real Ansible content run side by side with ansible-playbook and muster play.

Reads a content directory (never part of the repository): ansible-core integration targets
(any */test/integration/targets/<name>/tasks/main.yml, or targets/<name>/tasks/main.yml) and community roles
(roles/<name>/tasks/main.yml). How a task is counted is in bench/README.md ("bench/real-content").
"""
import argparse
import collections
import difflib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
MUSTER = os.path.join(REPO, 'muster')
CALLBACK = os.path.join(HERE, 'real-content-callback')
PRUNED = 'real-content: pruned'
# bumped whenever the generated play or the kept reference's shape changes (the kept ansible runs are then redone)
REFERENCE_FORMAT = '1'
IMPLICIT = {'Gathering Facts', PRUNED}
SUCCESS = {'ok', 'changed'}
VOLATILE = {'invocation', 'start', 'end', 'delta', 'warnings', 'deprecations', 'diff'}
LOCATION = re.compile(r'(/[^\s:\'"]+\.(?:ya?ml|j2)):(\d+)(?::(\d+))?')
# run-time keys whose values differ between any two runs (times, inodes): never compared
UNSTABLE = {'atime', 'mtime', 'ctime', 'inode', 'dev', 'start', 'end', 'delta', 'backup', 'backup_file', 'tmpdir'}


def log(*words):
    print(*words, file=sys.stderr, flush=True)


# ---- content

def find_units(content):
    units = []
    for root, dirs, files in os.walk(content):
        dirs.sort()
        parent = os.path.basename(os.path.dirname(root))
        if os.path.basename(root) == 'tasks' and 'main.yml' in files:
            unit_dir = os.path.dirname(root)
            grand = os.path.basename(os.path.dirname(unit_dir))
            if grand == 'targets':
                units.append(('target', os.path.basename(unit_dir), unit_dir))
            elif grand == 'roles':
                units.append(('role', os.path.basename(unit_dir), unit_dir))
        del parent
    return units


def copy_unit(unit_dir, dest, kind):
    shutil.copytree(unit_dir, dest, symlinks=True)
    # a target's setup_remote_tmp_dir, prepare_tests & co. are replaced by the play's variables (README)
    meta = os.path.join(dest, 'meta', 'main.yml')
    if kind == 'target' and os.path.exists(meta):
        os.remove(meta)


def write_play(work, name, kind, inventory=None):
    """site.yml and inventory: a target runs on localhost with its scratch variables; a role on the given inventory."""
    out = os.path.join(work, 'out')
    os.makedirs(out, exist_ok=True)
    if kind == 'target':
        play = {'hosts': 'localhost', 'gather_facts': True, 'ignore_errors': True,
                'vars': {'output_dir': out, 'remote_tmp_dir': out}, 'roles': [name]}
        hosts = 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n'
    else:
        play = {'hosts': 'all', 'gather_facts': True, 'roles': [name]}
        with open(inventory) as f:
            hosts = f.read()
    with open(os.path.join(work, 'site.yml'), 'w') as f:
        yaml.safe_dump([play], f, sort_keys=False)
    with open(os.path.join(work, 'inventory'), 'w') as f:
        f.write(hosts)


# ---- pruning: replace the task at FILE:LINE by a placeholder (same indentation) so the rest still loads

def task_span(path, line):
    """(first, last) 0-based lines of the innermost sequence item holding `line` (1-based), or None."""
    with open(path) as f:
        text = f.read()
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return None
    best = None
    lines = text.split('\n')

    def last_line(end):
        # a block item ends where the next token starts: on the next item's "- " (or a line's start) it ended a line above
        before = lines[end.line][:end.column] if end.line < len(lines) else ''
        return end.line if before.strip(' -') else end.line - 1

    def walk(node):
        nonlocal best
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                if isinstance(item, yaml.MappingNode):
                    first = item.start_mark.line
                    last = last_line(item.end_mark)
                    if first <= line - 1 <= last:
                        best = (first, last, item.start_mark.column)
                walk(item)
        elif isinstance(node, yaml.MappingNode):
            for _, value in node.value:
                walk(value)
    if root is not None:
        walk(root)
    return best


def prune(path, line):
    span = task_span(path, line)
    if span is None:
        return None
    first, last, column = span
    with open(path) as f:
        lines = f.read().split('\n')
    # trailing comments and blank lines inside the span stay out of the task's text
    while last > first and (not lines[last].strip() or lines[last].strip().startswith('#')):
        last -= 1
    removed = lines[first:last + 1]
    name = ''
    for text in removed:
        m = re.match(r'^\s*(?:- )?name:\s*(.*)$', text)
        if m and len(text) - len(text.lstrip(' -')) == column:
            name = m.group(1).strip().strip('"\'')
            break
    pad = ' ' * (column - 2)
    # a handler keeps its name, or every task that notifies it would be refused in turn
    label = name if '/handlers/' in path and name else PRUNED
    placeholder = [pad + '- {name: ' + json.dumps(label) + ', debug: {msg: ' + json.dumps(PRUNED) + '}}']
    # padded with comment lines to the task's length: every other task keeps its FILE:LINE, the key that pairs
    # Muster's tasks with the reference run's
    placeholder += [pad + '  #'] * (len(removed) - len(placeholder))
    lines[first:last + 1] = placeholder
    with open(path, 'w') as f:
        f.write('\n'.join(lines))
    return first + 1, name or removed[0].strip()[:60]


def muster_env():
    env = dict(os.environ)
    env.setdefault('MUSTER_JAVA_OPTS', '-Xshare:auto')
    return env


def plan_prune(work, refused, muster_args, limit=300):
    """Runs Muster's plan (--syntax-check) and prunes each refused task until the plan passes."""
    for _ in range(limit):
        p = subprocess.run([MUSTER, 'play', '--syntax-check', '-i', 'inventory', *muster_args, 'site.yml'], cwd=work,
                           capture_output=True, text=True, env=muster_env())
        if p.returncode == 0:
            return True
        message = (p.stderr + p.stdout).strip()
        located = None
        for m in LOCATION.finditer(message):
            if m.group(1).startswith(work) and '/roles/' in m.group(1) and m.group(1).endswith(('.yml', '.yaml')):
                located = (m.group(1), int(m.group(2)))
                break
        if located is None:
            # a template or vars file: prune the task that names the file, else give the unit up
            for m in LOCATION.finditer(message):
                task = task_naming(work, os.path.basename(m.group(1)))
                if task:
                    located = task
                    break
        if located is None:
            refused.append({'file': '-', 'line': 0, 'task': '(whole unit)', 'cause': first_line(message)})
            return False
        pruned = prune(*located)
        if pruned is None:
            refused.append({'file': rel(work, located[0]), 'line': located[1], 'task': '(whole unit)', 'cause': first_line(message)})
            return False
        refused.append({'file': rel(work, located[0]), 'line': pruned[0], 'task': pruned[1], 'cause': first_line(message)})
    return False


def task_naming(work, basename):
    for root, _, files in os.walk(os.path.join(work, 'roles')):
        for f in files:
            if f.endswith(('.yml', '.yaml')):
                path = os.path.join(root, f)
                with open(path) as h:
                    for i, text in enumerate(h, 1):
                        if basename in text and PRUNED not in text:
                            return (path, i)
    return None


def first_line(message):
    for text in message.splitlines():
        if text.strip():
            return text.strip()[:300]
    return ''


def rel(work, path):
    return os.path.relpath(path, work) if path.startswith(work) else path


# ---- runs

def run_ansible(work, args):
    env = dict(os.environ, ANSIBLE_CALLBACK_PLUGINS=CALLBACK, ANSIBLE_STDOUT_CALLBACK='real_content_json',
               ANSIBLE_RETRY_FILES_ENABLED='false', ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_NOCOLOR='1',
               ANSIBLE_ROLES_PATH=os.path.join(work, 'roles'))
    p = subprocess.run(['ansible-playbook', '-i', 'inventory', *args, 'site.yml'], cwd=work, capture_output=True,
                       text=True, env=env)
    return p.returncode, events(p.stdout, work, False), p.stdout + p.stderr


def run_muster(work, args):
    p = subprocess.run([MUSTER, 'play', '-i', 'inventory', '--json', '--log-file', os.path.join(work, 'muster.log'),
                        *args, 'site.yml'], cwd=work, capture_output=True, text=True, env=muster_env())
    return p.returncode, events(p.stdout, work, True), p.stdout + p.stderr


def events(out, work, muster):
    """Tasks in order: dicts with name, location (FILE:LINE relative to the work dir), per-host status/result/items."""
    tasks = []
    for line in out.splitlines():
        if not line.startswith('{'):
            continue
        try:
            e = json.loads(line.replace(work, '<work>'))
        except ValueError:
            continue
        kind = e.get('event')
        if kind == 'task_start':
            loc = e.get('location') or ''
            m = re.search(r'(<work>/[^:]+):(\d+)', loc)
            loc = (m.group(1) + ':' + m.group(2)) if m else loc
            tasks.append({'name': e.get('name', ''), 'location': loc, 'hosts': {}, 'items': collections.defaultdict(list)})
        elif kind == 'item_result' and tasks:
            tasks[-1]['items'][e['host']].append(e['status'].lower())
        elif kind == 'host_result' and tasks:
            result = e.get('data') if muster else e.get('result')
            tasks[-1]['hosts'][e['host']] = {'status': e['status'].lower(), 'result': result or {},
                                             'message': e.get('message') or (result or {}).get('msg', '')}
    return [t for t in tasks if t['name'] not in IMPLICIT and not t['name'].endswith(PRUNED)]


# ---- comparison

def read_keys(unit_dir):
    """register name -> key paths later tasks read (result.stat.checksum -> ['stat', 'checksum'])."""
    text = ''
    for root, _, files in os.walk(unit_dir):
        for f in sorted(files):
            if f.endswith(('.yml', '.yaml', '.j2')):
                with open(os.path.join(root, f), errors='replace') as h:
                    text += h.read() + '\n'
    registers = set(re.findall(r'^\s*register:\s*["\']?(\w+)', text, re.M))
    keys = collections.defaultdict(set)
    for reg in registers:
        for m in re.finditer(r'\b' + reg + r'((?:\.[A-Za-z_]\w*|\[\d+\]|\[["\'][^"\']+["\']\])+)', text):
            path = re.findall(r'\.([A-Za-z_]\w*)|\[(\d+)\]|\[["\']([^"\']+)["\']\]', m.group(1))
            parts = [a or (int(b) if b else c) for a, b, c in path]
            parts = [p for p in parts if p not in ('changed', 'failed', 'skipped')]
            if parts and parts[0] not in ('results',):
                keys[reg].add(tuple(p for p in parts if p not in ('changed', 'failed', 'skipped')))
    return keys


def lookup(value, path):
    for p in path:
        if isinstance(p, int):
            if not isinstance(value, list) or p >= len(value):
                return KeyError
            value = value[p]
        else:
            if not isinstance(value, dict) or p not in value:
                return KeyError
            value = value[p]
    return value


def task_register(unit_task_text):
    m = re.search(r'^\s*register:\s*["\']?(\w+)', unit_task_text, re.M)
    return m.group(1) if m else None


def source_of(work_root, location):
    """The text of the task written at <work>/FILE:LINE (for its register name and its arguments)."""
    m = re.match(r'<work>/(.+):(\d+)$', location)
    if not m:
        return ''
    path = os.path.join(work_root, m.group(1))
    if not os.path.exists(path):
        return ''
    span = task_span(path, int(m.group(2)))
    if span is None:
        return ''
    with open(path) as f:
        lines = f.read().split('\n')
    return '\n'.join(lines[span[0]:span[1] + 1])


def key(task):
    return task['location'] + '|' + task['name']


def snapshot(root):
    entries = {}
    if not os.path.isdir(root):
        return entries
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            p = os.path.join(d, n)
            r = os.path.relpath(p, root)
            st = os.lstat(p)
            mode = oct(st.st_mode & 0o7777)
            if os.path.islink(p):
                entries[r] = 'link ' + os.readlink(p).replace(root, '<out>')
            elif os.path.isdir(p):
                entries[r] = 'dir ' + mode
            elif os.path.isfile(p):
                with open(p, 'rb') as f:
                    # a file that names its own tree (a template of template_destpath) is compared with that tree's
                    # path left out, as results are
                    data = f.read().replace(root.encode(), b'<out>')
                    entries[r] = 'file %s %s' % (mode, hashlib.sha1(data).hexdigest()[:12])
            else:
                entries[r] = 'special ' + mode
    return entries


BACKUP_NAME = re.compile(r'\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$')


def stable_names(tree):
    """A tree whose backup files (Ansible's NAME.PID.YYYY-MM-DD@HH:MM:SS~, Muster's the same) are named without the
    process id and time, which differ between any two runs, so that each side's backup is compared with the other's."""
    return {BACKUP_NAME.sub('.PID.TIME~', path): entry for path, entry in tree.items()}


def writer_of(path, tasks):
    """The last task (reference order) whose module arguments name `path` (relative to out/) or a parent of it."""
    found = None
    for i, t in enumerate(tasks):
        for h in t['hosts'].values():
            args = (h['result'].get('invocation') or {}).get('module_args') or {}
            for k in ('dest', 'path', 'name'):
                v = args.get(k)
                if isinstance(v, str) and v.startswith('<work>/out'):
                    target = v[len('<work>/out'):].strip('/')
                    if target and (path == target or path.startswith(target + '/')) and h['status'] in SUCCESS:
                        found = i
    return found


def pairs(tasks_a, tasks_b):
    """Index in tasks_a -> index in tasks_b of the same task run (FILE:LINE and name, in order)."""
    sm = difflib.SequenceMatcher(a=[key(t) for t in tasks_a], b=[key(t) for t in tasks_b], autojunk=False)
    pair = {}
    for tag, a1, a2, b1, b2 in sm.get_opcodes():
        if tag == 'equal':
            for k in range(a2 - a1):
                pair[a1 + k] = b1 + k
        elif tag == 'replace':
            # same place, another name or location spelling: pair by order when the counts agree
            if a2 - a1 == b2 - b1:
                for k in range(a2 - a1):
                    if tasks_a[a1 + k]['location'] == tasks_b[b1 + k]['location'] or \
                            tasks_a[a1 + k]['name'] == tasks_b[b1 + k]['name']:
                        pair[a1 + k] = b1 + k
    return pair


def compared_keys(work_a, task, keys):
    """The register name of a task and the scalar key paths of its result that later tasks read."""
    reg = task_register(source_of(work_a, task['location']))
    return reg, [p for p in sorted(keys.get(reg, ()), key=str) if not any(x in UNSTABLE for x in p if isinstance(x, str))]


class Unstable:
    """What differs between ansible-playbook's own runs of the same unit (--reference-runs 2 or more): a random name
    (mktemp -d), an id the machine allocates (a new user's uid), the log of a nested run. Such a value or file cannot
    tell a right result from a wrong one, so it is left out of the comparison with Muster, and counted."""

    def __init__(self, refs, trees, work_a):
        self.values, self.statuses, self.paths = set(), set(), set()
        if len(refs) < 2:
            return
        keys = read_keys(os.path.join(work_a, 'roles'))
        first = refs[0]['tasks']
        for other, tree in zip(refs[1:], trees[1:]):
            pair = pairs(first, other['tasks'])
            for i, a in enumerate(first):
                if i not in pair:
                    continue
                b = other['tasks'][pair[i]]
                reg, paths = compared_keys(work_a, a, keys)
                for host in set(a['hosts']) & set(b['hosts']):
                    ha, hb = a['hosts'][host], b['hosts'][host]
                    if ha['status'] != hb['status'] or a['items'].get(host, []) != b['items'].get(host, []):
                        self.statuses.add((i, host))
                    for path in paths:
                        va, vb = lookup(ha['result'], path), lookup(hb['result'], path)
                        if va is not KeyError and vb is not KeyError and norm(va) != norm(vb):
                            self.values.add((i, host, path))
            self.paths |= {p for p in set(trees[0]) | set(tree) if trees[0].get(p) != tree.get(p)}


def compare(unit, ansible_tasks, muster_tasks, ansible_tree, muster_tree, work_a, refused, plan_ok, unstable=None):
    keys = read_keys(os.path.join(work_a, 'roles'))
    unstable = unstable or Unstable([], [], work_a)
    rows = []
    refused_at = {'<work>/' + r['file'] + ':' + str(r['line']): r['cause'] for r in refused}
    pair = pairs(ansible_tasks, muster_tasks)
    # files: every path that differs at the end is charged to the last task that wrote it
    bad_file = collections.defaultdict(list)
    left_out = collections.defaultdict(list)
    for p in sorted(set(ansible_tree) | set(muster_tree)):
        if ansible_tree.get(p) != muster_tree.get(p) and p in unstable.paths:
            w = writer_of(p, ansible_tasks)
            if w is not None:
                left_out[w].append('file ' + p)
        elif ansible_tree.get(p) != muster_tree.get(p):
            w = writer_of(p, ansible_tasks)
            if w is not None:
                bad_file[w].append('%s: ansible %s, muster %s' % (p, ansible_tree.get(p), muster_tree.get(p)))
    for i, a in enumerate(ansible_tasks):
        where = a['location'].replace('<work>/', '') + ' ' + a['name']
        if a['location'] in refused_at:
            rows.append(row(unit, where, 'refused', refused_at[a['location']]))
            continue
        if not plan_ok:
            rows.append(row(unit, where, 'refused', 'the plan fails after pruning: ' + (refused[-1]['cause'] if refused else '')))
            continue
        if i not in pair:
            rows.append(row(unit, where, 'diverged', 'not run by muster (ansible: %s)' % status_of(a)))
            continue
        m = muster_tasks[pair[i]]
        verdict, cause = 'match', ''
        skipped = list(left_out.get(i, []))
        for host in sorted(set(a['hosts']) | set(m['hosts'])):
            ha, hm = a['hosts'].get(host), m['hosts'].get(host)
            if ha is None or hm is None:
                verdict, cause = 'diverged', 'result only from ' + ('muster' if ha is None else 'ansible')
                break
            if (i, host) in unstable.statuses:
                skipped.append('status')
                continue
            if ha['status'] != hm['status']:
                verdict = 'diverged'
                cause = 'status ansible %s, muster %s: %s' % (ha['status'], hm['status'], short(hm['message'] or ''))
                if ha['status'] in ('failed', 'ignored'):
                    cause += ' | ansible: ' + short(ha['message'] or '')
                break
            if a['items'].get(host, []) != m['items'].get(host, []):
                verdict, cause = 'diverged', 'loop items ansible %s, muster %s' % (a['items'].get(host), m['items'].get(host))
                break
            reg, paths = compared_keys(work_a, a, keys)
            for path in paths:
                va, vm = lookup(ha['result'], path), lookup(hm['result'], path)
                # scalars only: a dict or list read whole ('x' in r.stat) is judged by the tasks that read it
                if va is KeyError or isinstance(va, (dict, list)):
                    continue
                if vm is KeyError:
                    verdict, cause = 'diverged', 'result key %s.%s missing' % (reg, '.'.join(map(str, path)))
                    break
                if norm(va) != norm(vm) and (i, host, path) in unstable.values:
                    skipped.append('%s.%s' % (reg, '.'.join(map(str, path))))
                    continue
                if norm(va) != norm(vm):
                    verdict = 'wrong-success' if hm['status'] in SUCCESS else 'diverged'
                    cause = 'result %s.%s: ansible %s, muster %s' % (reg, '.'.join(map(str, path)), short(json.dumps(va)), short(json.dumps(vm)))
                    break
            if verdict != 'match':
                break
            if i in bad_file and hm['status'] in SUCCESS:
                verdict, cause = 'wrong-success', 'file ' + short('; '.join(bad_file[i]), 300)
        if verdict == 'match' and i in bad_file:
            verdict, cause = 'wrong-success', 'file ' + short('; '.join(bad_file[i]), 300)
        if verdict == 'match' and skipped:
            cause = 'differs from ansible-playbook where its own runs differ too: ' + short(', '.join(skipped), 300)
        rows.append(row(unit, where, verdict, cause, bool(skipped) and verdict == 'match'))
    return rows


# tempfile's random part (Python's tempfile: 8 of [a-z0-9_]; Muster's mktemp: 8 of [A-Za-z0-9]) differs on any two runs
TEMP_NAME = re.compile(r'(/ansible\.)[A-Za-z0-9_]{8}')


def norm(v):
    text = json.dumps(v, sort_keys=True)
    return TEMP_NAME.sub(r'\1RANDOM', text)


def short(text, n=200):
    text = str(text).replace('\n', ' ')
    return text if len(text) <= n else text[:n] + '...'


def status_of(task):
    return ','.join(h['status'] for h in task['hosts'].values()) or 'none'


def row(unit, where, verdict, cause, unstable=False):
    return {'unit': unit, 'task': where, 'verdict': verdict, 'cause': cause, 'unstable': unstable}


# ---- one unit

def fingerprint(unit_dir, extra_args):
    """What ansible-playbook's reference run depends on: the unit's files, the options, ansible's version, the play."""
    h = hashlib.sha1()
    for root, dirs, files in os.walk(unit_dir):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(root, f)
            h.update(os.path.relpath(p, unit_dir).encode())
            if os.path.isfile(p) and not os.path.islink(p):
                with open(p, 'rb') as fh:
                    h.update(fh.read())
    h.update(' '.join(extra_args).encode())
    h.update(subprocess.run(['ansible-playbook', '--version'], capture_output=True, text=True).stdout.encode())
    h.update(REFERENCE_FORMAT.encode())
    return h.hexdigest()


def reference_name(run):
    """ansible-playbook's first run is BASE/ansible{,.json,.out}; a further run N is BASE/ansible-runN{,.json,.out}."""
    return 'ansible' if run == 1 else 'ansible-run%d' % run


def reference(name, kind, unit_dir, base, extra_args, fresh, inventory, run=1):
    """ansible-playbook on the unit as it is, kept in BASE/ansible.json and reused while nothing it depends on changes."""
    cache = os.path.join(base, reference_name(run) + '.json')
    stamp = fingerprint(unit_dir, extra_args + ([kind, inventory] if kind == 'role' else []))
    if not fresh and os.path.exists(cache):
        with open(cache) as f:
            kept = json.load(f)
        if kept.get('fingerprint') == stamp:
            return kept
    work = os.path.join(base, reference_name(run))
    shutil.rmtree(work, ignore_errors=True)
    copy_unit(unit_dir, os.path.join(work, 'roles', name), kind)
    write_play(work, name, kind, inventory)
    t0 = time.time()
    code, tasks, output = run_ansible(work, extra_args)
    with open(os.path.join(base, reference_name(run) + '.out'), 'w') as f:
        f.write(output)
    kept = {'fingerprint': stamp, 'code': code, 'tasks': tasks, 'tree': snapshot(os.path.join(work, 'out')),
            'seconds': round(time.time() - t0)}
    with open(cache, 'w') as f:
        json.dump(kept, f)
    return kept


def syntax_check(work, muster_args):
    """Both tools' --syntax-check exit codes on the unit as it is."""
    env = dict(os.environ, ANSIBLE_ROLES_PATH=os.path.join(work, 'roles'), ANSIBLE_NOCOLOR='1')
    a = subprocess.run(['ansible-playbook', '-i', 'inventory', '--syntax-check', 'site.yml'], cwd=work,
                       capture_output=True, text=True, env=env)
    m = subprocess.run([MUSTER, 'play', '--syntax-check', '-i', 'inventory', *muster_args, 'site.yml'], cwd=work,
                       capture_output=True, text=True, env=muster_env())
    return a.returncode, m.returncode, first_line(m.stderr + m.stdout)


def reference_trees(base, refs):
    """Each reference run's out/ tree, read again from its kept directory when there (so both sides are taken alike)."""
    trees = []
    for run, ref in enumerate(refs, 1):
        out = os.path.join(base, reference_name(run), 'out')
        trees.append(stable_names(snapshot(out) if os.path.isdir(out) else ref['tree']))
    return trees


def kept_references(base):
    refs, run = [], 1
    while os.path.exists(os.path.join(base, reference_name(run) + '.json')):
        with open(os.path.join(base, reference_name(run) + '.json')) as f:
            refs.append(json.load(f))
        run += 1
    return refs


def measure(name, kind, unit_dir, out_root, extra_args, muster_args, fresh, inventory=None, runs=1):
    base = os.path.join(out_root, name)
    os.makedirs(base, exist_ok=True)
    refs = [reference(name, kind, unit_dir, base, extra_args, fresh, inventory, run) for run in range(1, runs + 1)]
    # runs kept from an earlier --reference-runs count as well, while they are current
    stamp = refs[0]['fingerprint']
    refs += [r for r in kept_references(base)[runs:] if r.get('fingerprint') == stamp]
    ref = refs[0]
    work = os.path.join(base, 'muster')
    shutil.rmtree(work, ignore_errors=True)
    copy_unit(unit_dir, os.path.join(work, 'roles', name), kind)
    write_play(work, name, kind, inventory)
    syntax = syntax_check(work, muster_args) if kind == 'role' else None
    refused = []
    t0 = time.time()
    plan_ok = plan_prune(work, refused, muster_args)
    if plan_ok:
        code, tasks, output = run_muster(work, extra_args + muster_args)
        tree = snapshot(os.path.join(work, 'out'))
    else:
        code, tasks, output, tree = 4, [], '', {}
    with open(os.path.join(base, 'muster.out'), 'w') as f:
        f.write(output)
    with open(os.path.join(base, 'refused.json'), 'w') as f:
        json.dump(refused, f, indent=1)
    with open(os.path.join(base, 'muster.json'), 'w') as f:
        json.dump({'code': code, 'tasks': tasks, 'tree': tree, 'plan_ok': plan_ok}, f)
    trees = reference_trees(base, refs)
    work_a = os.path.join(base, 'ansible')
    rows = compare(name, ref['tasks'], tasks, trees[0], stable_names(tree), work_a, refused, plan_ok,
                   Unstable(refs, trees, work_a))
    log('%s: %d task runs (ansible %d s, exit %d; muster %.0f s, exit %d, %d task(s) pruned%s)' % (
        name, len(rows), ref['seconds'], ref['code'], time.time() - t0, code, len(refused),
        '' if plan_ok else ', the plan still fails: nothing ran'))
    if syntax:
        log('%s: --syntax-check exit ansible-playbook %d, muster %d (%s)%s; --check exit ansible-playbook %d, muster %d' % (
            name, syntax[0], syntax[1], 'agree' if (syntax[0] == 0) == (syntax[1] == 0) else 'DISAGREE',
            '' if syntax[1] == 0 else ': ' + syntax[2], ref['code'], code))
    return rows, syntax, (ref['code'], code)


# ---- report

VERDICTS = ['match', 'refused', 'diverged', 'wrong-success']


def report(rows, out):
    by_unit = collections.OrderedDict()
    for r in rows:
        c = by_unit.setdefault(r['unit'], collections.Counter())
        c[r['verdict']] += 1
        c['unstable'] += 1 if r.get('unstable') else 0
    total = collections.Counter()
    # unstable: matches in which a value or file was left out because ansible-playbook's own runs disagree on it
    # (--reference-runs); they are in `match` too
    print('%-22s %6s %6s %8s %9s %14s %7s %9s' % ('unit', 'tasks', 'match', 'refused', 'diverged', 'wrong-success',
                                                 'match%', 'unstable'))
    for unit, c in list(by_unit.items()) + [('TOTAL', total)]:
        if unit != 'TOTAL':
            total.update(c)
        n = sum(c[v] for v in VERDICTS)
        print('%-22s %6d %6d %8d %9d %14d %6.1f%% %9d' % (unit, n, c['match'], c['refused'], c['diverged'],
                                                         c['wrong-success'], 100.0 * c['match'] / n if n else 0,
                                                         c['unstable']))
    with open(os.path.join(out, 'tasks.tsv'), 'w') as f:
        for r in rows:
            f.write('\t'.join([r['unit'], r['verdict'], r['task'], r['cause']]) + '\n')
    print('\nper task: %s/tasks.tsv (unit, verdict, FILE:LINE task, cause)' % out)
    groups = collections.OrderedDict()
    for r in rows:
        if r['verdict'] != 'match' or r.get('unstable'):
            groups.setdefault((r['verdict'], cause_key(r['cause'])), []).append(r)
    if groups:
        print('\ncauses of the task runs that do not match, most first (verdict, count, cause, one example):')
        for (verdict, cause), members in sorted(groups.items(), key=lambda g: -len(g[1]))[:25]:
            print('%4d %-13s %s\n     e.g. %s: %s' % (len(members), verdict, cause, members[0]['unit'], members[0]['task']))


def cause_key(cause):
    """A cause without its particulars (paths, quoted text, numbers, values), so that alike causes group."""
    text = re.sub(r'^ERROR:\s*', '', cause)
    text = re.sub(r'(<work>|/tmp)?/[^\s:,;\'"]+(:\d+)*', 'PATH', text)
    # quoted names (a module, filter, test, key) stay: they are the cause; quoted values go
    text = re.sub(r"'(?![\w.-]{1,40}')[^']*'", "'…'", text)
    text = re.sub(r'"(?![\w.-]{1,40}")[^"]*"', '"…"', text)
    text = re.sub(r'\b\d+\b', 'N', text)
    text = re.sub(r'(ansible|muster) (\{|\[).*', r'\1 …', text)
    text = re.sub(r'; the (tests|filters|modules|keywords) are .*', '', text)
    return text[:160]


def kept_rows(out):
    """The verdicts again from what earlier runs kept (DIR/<unit>/{ansible,muster,refused}.json), running nothing."""
    rows = []
    for name in sorted(os.listdir(out)):
        base = os.path.join(out, name)
        paths = [os.path.join(base, f + '.json') for f in ('ansible', 'muster', 'refused')]
        if not all(os.path.exists(p) for p in paths):
            continue
        ref, ours, refused = [json.load(open(p)) for p in paths]
        refs = [r for r in kept_references(base) if r.get('fingerprint') == ref.get('fingerprint')]
        trees = reference_trees(base, refs)
        work_a = os.path.join(base, 'ansible')
        rows += compare(name, ref['tasks'], ours['tasks'], trees[0], stable_names(ours['tree']), work_a,
                        refused, ours['plan_ok'], Unstable(refs, trees, work_a))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('content', help='directory holding integration targets and/or roles/<name>/')
    ap.add_argument('--out', default='/tmp/real-content', help='work directory (default /tmp/real-content)')
    ap.add_argument('--only', action='append', default=[], help='only these units (repeatable)')
    ap.add_argument('--fresh', action='store_true', help='run ansible-playbook again even when its kept run is current')
    ap.add_argument('--args', default='', help='extra options for both tools on targets, e.g. --diff')
    ap.add_argument('--lab', metavar='STATE', help='a lab state directory (tests/lab): the roles run with --check '
                                                     'against its inventory.ini; without it roles are left out')
    ap.add_argument('--reference-runs', type=int, default=1, metavar='N',
                    help="run ansible-playbook N times (kept like the first); what its runs disagree on is left out "
                         "of the comparison and counted as unstable")
    ap.add_argument('--report-only', action='store_true', help='print the report from the runs kept in --out, running nothing')
    ap.add_argument('--reference-only', action='store_true',
                    help="run and keep only ansible-playbook's reference runs (slow; Muster's side is measured later)")
    opts = ap.parse_args()
    if opts.report_only:
        report(kept_rows(os.path.abspath(opts.out)), os.path.abspath(opts.out))
        return
    content = os.path.abspath(opts.content)
    if not opts.reference_only:
        # the launcher builds Muster when a source is newer than its jar, and says so on stderr: built here first, so
        # that its message is never read as the plan's refusal of a unit
        subprocess.run([MUSTER, '--version'], capture_output=True, text=True, env=muster_env())
    os.makedirs(opts.out, exist_ok=True)
    out = os.path.abspath(opts.out)
    rows, roles = [], []
    for kind, name, unit_dir in find_units(content):
        if opts.only and name not in opts.only:
            continue
        if opts.reference_only:
            if kind == 'target' or opts.lab:
                inventory = os.path.join(os.path.abspath(opts.lab), 'inventory.ini') if kind == 'role' else None
                base = os.path.join(out, name)
                os.makedirs(base, exist_ok=True)
                t0 = time.time()
                for run in range(1, opts.reference_runs + 1):
                    ref = reference(name, kind, unit_dir, base, opts.args.split() if kind == 'target' else ['--check'],
                                    opts.fresh, inventory, run)
                    log('%s: reference run %d kept (%d task runs, exit %d, %.0f s)' % (
                        name, run, len(ref['tasks']), ref['code'], time.time() - t0))
            continue
        if kind == 'target':
            rows += measure(name, kind, unit_dir, out, opts.args.split(), [], opts.fresh, runs=opts.reference_runs)[0]
        elif opts.lab:
            lab = os.path.abspath(opts.lab)
            r, syntax, codes = measure(name, kind, unit_dir, out, ['--check'],
                                       ['--known-hosts', os.path.join(lab, 'known_hosts')], opts.fresh,
                                       os.path.join(lab, 'inventory.ini'), opts.reference_runs)
            rows += r
            roles.append((name, syntax, codes))
    if opts.reference_only:
        return
    report(rows, out)
    if roles:
        print('\nroles: --syntax-check exit (ansible-playbook / muster), --check exit (ansible-playbook / muster)')
        for name, syntax, codes in roles:
            print('%-22s syntax %d / %d %-9s check %d / %d' % (name, syntax[0], syntax[1],
                  'agree' if (syntax[0] == 0) == (syntax[1] == 0) else 'DISAGREE', codes[0], codes[1]))


if __name__ == '__main__':
    main()
