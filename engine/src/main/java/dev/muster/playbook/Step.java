package dev.muster.playbook;

import dev.muster.error.SourceLocation;

/** One entry of a task list: a task, a block, or an include whose file is known only at run time. */
public sealed interface Step permits Task, Block, DynamicInclude {
    SourceLocation location();
}
