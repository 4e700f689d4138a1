# The parity test's JSON-lines callback (installer/src/test/resources/parity-callback/parity_json.py), with each
# task start also naming where the task is written (FILE:LINE), so bench/real-content can pair ansible-playbook's
# tasks with Muster's by location and not only by order.
from __future__ import annotations

import importlib.util
import os

_PARITY = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'installer', 'src', 'test', 'resources',
                       'parity-callback', 'parity_json.py')
_spec = importlib.util.spec_from_file_location('parity_json', _PARITY)
parity_json = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(parity_json)

DOCUMENTATION = '''
    name: real_content_json
    type: stdout
    short_description: JSON lines for bench/real-content
    description: parity_json, with the task's FILE:LINE on every task start.
'''


class CallbackModule(parity_json.CallbackModule):
    CALLBACK_NAME = 'real_content_json'

    def _task_start(self, task, kind):
        if task.action in parity_json.INCLUSIONS:
            return
        self._emit({'event': 'task_start', 'kind': kind, 'name': task.get_name().strip(), 'action': task.action,
                    'location': task.get_path() or ''})
