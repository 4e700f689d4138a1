# A stdout callback for AnsiblePlaybookParityIT: ansible-core 2.14 ships no json callback (that one is in
# ansible.posix), so this writes one JSON object per line for every task start and every host (and loop
# item) result, with the module's whole result, in the order Ansible reports them.
from __future__ import annotations

import json

from ansible.parsing.ajson import AnsibleJSONEncoder
from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
    name: parity_json
    type: stdout
    short_description: JSON lines for Muster's parity test
    description: One JSON object per line per task start and per host or loop item result.
'''


# Ansible reports a dynamic include (include_tasks, include_role) as a task with an ok result of its own, counted in
# its recap; Muster reports the included tasks only. A known difference (README, "Deliberate differences"): the
# harness leaves the inclusion out and compares what the included tasks did.
INCLUSIONS = {'include_tasks', 'ansible.builtin.include_tasks', 'include_role', 'ansible.builtin.include_role'}


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'parity_json'

    def _emit(self, record):
        self._display.display(json.dumps(record, cls=AnsibleJSONEncoder, sort_keys=True))

    def _task_start(self, task, kind):
        if task.action in INCLUSIONS:
            return
        self._emit({'event': 'task_start', 'kind': kind, 'name': task.get_name().strip(), 'action': task.action})

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._task_start(task, 'task')

    def v2_playbook_on_handler_task_start(self, task):
        self._task_start(task, 'handler')

    def _result(self, event, status, result):
        if result._task.action in INCLUSIONS:
            return
        self._emit({'event': event, 'status': status, 'host': result._host.get_name(),
                    'task': result._task.get_name().strip(), 'result': result._result})

    def v2_runner_on_ok(self, result):
        self._result('host_result', 'changed' if result._result.get('changed') else 'ok', result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result('host_result', 'ignored' if ignore_errors else 'failed', result)

    def v2_runner_on_skipped(self, result):
        self._result('host_result', 'skipped', result)

    def v2_runner_on_unreachable(self, result):
        self._result('host_result', 'unreachable', result)

    def v2_runner_item_on_ok(self, result):
        self._result('item_result', 'changed' if result._result.get('changed') else 'ok', result)

    def v2_runner_item_on_failed(self, result):
        self._result('item_result', 'failed', result)

    def v2_runner_item_on_skipped(self, result):
        self._result('item_result', 'skipped', result)
