package dev.muster.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {

    private static final Condition OUTER = new Condition("a is defined", null);
    private static final Condition INNER = new Condition("b is defined", null);

    /** A level's conditions and tags add to the enclosing ones, its vars override by name, its settings where it sets them. */
    @Test
    void anInnerLayerAddsConditionsAndTagsAndOverridesWhatItSets() {
        Scope outer = Scope.root(Path.of("/p")).within(new Scope.Layer(List.of(OUTER), Set.of("x"), Map.of("v", 1, "w", 1), Map.of("E", "1"),
                new Scope.Settings(true, "admin", null, true, null, null, null)));
        Scope inner = outer.within(new Scope.Layer(List.of(INNER), Set.of("y"), Map.of("v", 2), Map.of(),
                new Scope.Settings(null, "postgres", true, null, null, "db1", null)));
        assertEquals(List.of(OUTER, INNER), inner.when());
        assertEquals(Set.of("x", "y"), inner.tags());
        assertEquals(Map.of("v", 2, "w", 1), inner.vars());
        assertEquals(Map.of("E", "1"), inner.environment());
        assertEquals(new Scope.Settings(true, "postgres", true, true, null, "db1", null), inner.settings());
        assertEquals(List.of(), inner.withoutWhen().when());
        assertEquals(Set.of("x", "y"), inner.withoutWhen().tags());
    }

    /** A role's tasks keep what encloses the role but not the vars around it; their relative names are found in its tasks/. */
    @Test
    void aRolesScopeDropsTheVarsAroundItAndKeepsTheRest() {
        Scope outer = Scope.root(Path.of("/p")).within(new Scope.Layer(List.of(OUTER), Set.of("x"), Map.of("v", 1), Map.of(),
                new Scope.Settings(true, null, null, null, null, null, null)));
        RoleContext role = new RoleContext("web", Path.of("/p/roles/web"), Map.of(), Map.of(), Map.of());
        Scope inRole = outer.withRole(role, Path.of("/p/roles/web/tasks"));
        assertEquals(Map.of(), inRole.vars());
        assertEquals(List.of(OUTER), inRole.when());
        assertEquals(true, inRole.become());
        assertNull(inRole.becomeUser());
        assertEquals(role, inRole.role());
        assertEquals(Path.of("/p/roles/web/tasks"), inRole.baseDir());
    }
}
