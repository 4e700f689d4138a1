package dev.muster.executor;

import dev.muster.playbook.Block;
import dev.muster.playbook.DynamicInclude;
import dev.muster.playbook.Step;
import dev.muster.playbook.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a play's steps in order (the part of ansible-core's PlayIterator this engine needs): tasks go to the
 * strategy, includes to the expander, and blocks decide who runs their rescue and always sections. A host that
 * failed leaves the walk, unless a rescue takes it back.
 */
final class BlockWalker {

    private final LinearStrategy strategy;
    private final IncludeExpander includes;
    private final HostAccounting accounting;
    private final Interruption interruption;

    BlockWalker(LinearStrategy strategy, IncludeExpander includes, HostAccounting accounting, Interruption interruption) {
        this.strategy = strategy;
        this.includes = includes;
        this.accounting = accounting;
        this.interruption = interruption;
    }

    /** Runs {@code steps} on those of {@code among} that are still active at each step. */
    void runSteps(List<Step> steps, PlayRun run, List<HostState> among) {
        for (Step step : steps) {
            if (run.aborted || run.ended || interruption.requested()) {
                return;
            }
            List<HostState> active = run.active(among);
            if (active.isEmpty()) {
                return;
            }
            if (step instanceof Task task) {
                strategy.runTask(task, active, run);
            } else if (step instanceof Block block) {
                runBlock(block, run, active);
            } else if (step instanceof DynamicInclude include) {
                includes.run(include, run, active, this);
            }
        }
    }

    /**
     * block, then rescue for the hosts that failed in it (a rescued host counts as rescued, not failed), then always
     * for every host that entered and can still be reached, whatever happened before.
     */
    private void runBlock(Block block, PlayRun run, List<HostState> entering) {
        boolean rescues = !block.rescue().isEmpty();
        if (rescues) {
            run.rescueDepth++;
        }
        try {
            runSteps(block.block(), run, entering);
        } finally {
            if (rescues) {
                run.rescueDepth--;
            }
        }
        List<HostState> failedInBlock = entering.stream().filter(h -> h.failed && !h.unreachable).toList();
        if (rescues && !failedInBlock.isEmpty() && !interruption.requested()) {
            failedInBlock.forEach(h -> h.failed = false);
            runSteps(block.rescue(), run, failedInBlock);
            for (HostState host : failedInBlock) {
                if (!host.failed && !host.unreachable) {
                    synchronized (host) {
                        host.rescued++;
                        host.failures--;
                    }
                }
            }
            accounting.checkFatal(run);
        }
        if (!block.always().isEmpty() && !interruption.requested()) {
            List<HostState> always = entering.stream().filter(h -> !h.unreachable && !h.ended).toList();
            Map<HostState, Boolean> wasFailed = new LinkedHashMap<>();
            always.forEach(h -> {
                wasFailed.put(h, h.failed);
                h.failed = false;
            });
            runSteps(block.always(), run, always);
            wasFailed.forEach((h, failed) -> h.failed = h.failed || failed);
        }
    }
}
