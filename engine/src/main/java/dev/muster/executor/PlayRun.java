package dev.muster.executor;

import dev.muster.playbook.Play;
import dev.muster.playbook.Task;
import java.util.ArrayList;
import java.util.List;

/** One batch of one play while it runs: its hosts, its handlers, whether it was stopped. */
final class PlayRun {

    final Play play;
    final List<HostState> batch;
    final List<String> playHosts;
    final List<Task> handlers;
    volatile boolean aborted;
    /** meta: end_play: no further task or batch of this play runs, and no later play is held back. */
    volatile boolean ended;
    /** Inside a block with a rescue, failures are the rescue's to handle, not any_errors_fatal's. */
    int rescueDepth;

    PlayRun(Play play, List<HostState> batch, List<String> playHosts) {
        this.play = play;
        this.batch = batch;
        this.playHosts = playHosts;
        this.handlers = new ArrayList<>(play.handlers());
    }

    List<HostState> active(List<HostState> among) {
        return among.stream().filter(HostState::active).toList();
    }
}
