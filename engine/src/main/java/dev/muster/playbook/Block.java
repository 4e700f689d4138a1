package dev.muster.playbook;

import dev.muster.error.SourceLocation;
import java.util.List;

/** {@code block} with its {@code rescue} and {@code always} lists; keywords were pushed down into the tasks. */
public record Block(String name, List<Step> block, List<Step> rescue, List<Step> always, SourceLocation location) implements Step {
}
