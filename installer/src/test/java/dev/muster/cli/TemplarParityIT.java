package dev.muster.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.parity.AnsibleProgram;
import dev.muster.template.TemplateEngine;
import dev.muster.template.TemplateException;
import dev.muster.template.TemplateFiles;
import dev.muster.template.ansible.AnsibleLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every expression and template of src/test/resources/templar-parity/cases.json (Jinja's and Ansible's filters and
 * tests, operators, literals, Python's str/dict/list methods, loops, macros, whitespace control) rendered by ansible-core's
 * own Templar, as it templates a task's arguments, and by Muster's engine with the same variables. Each must give
 * Ansible's text, or be refused by Muster (an error naming what it lacks): never another text. A few differences are
 * known and listed below with their reasons; the test fails if one of them is fixed (so the list stays true) or if
 * any other appears. Without ansible-core this test fails, as the other parity tests do.
 */
class TemplarParityIT {

    private static final Path CORPUS = Path.of("src/test/resources/templar-parity");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Case -> why Muster prints something else. Each is also in README's list of deliberate and known differences. */
    private static final Map<String, String> KNOWN = Map.of(
            "x={{ (1, 2) }}", "Jinjava has no tuple: a tuple literal prints as a list",
            "x={{ (l | min, l | max) }}", "Jinjava has no tuple: a tuple literal prints as a list",
            "x={{ d.items() | list }}", "dict.items() gives pairs as lists, printed [['b', 2]] where Python prints tuples",
            "x={{ lipsum is defined }}", "Jinja's lipsum() generator is not a function here");

    @Test
    void everyCaseRendersAsAnsiblesTemplarRendersItOrIsRefused(@TempDir Path work) throws Exception {
        Corpus corpus = Corpus.renderedByAnsible("cases.json", "args", work);
        Map<String, Object> vars = corpus.vars();
        List<String> texts = corpus.cases();
        List<String> expected = corpus.ansible();

        TemplateEngine engine = new TemplateEngine();
        int same = 0;
        int refused = 0;
        List<String> different = new ArrayList<>();
        List<String> knownStillDifferent = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            String ours;
            try {
                Object value = engine.renderValue(text, vars);
                ours = value instanceof String s ? s : "NATIVE:" + AnsibleLibrary.pythonRepr(value);
            } catch (TemplateException | IllegalArgumentException e) {
                refused++;
                continue;
            }
            if (ours.equals(expected.get(i))) {
                same++;
            } else if (KNOWN.containsKey(text)) {
                knownStillDifferent.add(text);
            } else {
                different.add(difference(text, expected.get(i), ours));
            }
        }
        assertTrue(different.isEmpty(), different.size() + " case(s) render another text than Ansible's:\n" + String.join("\n", different));
        assertEquals(KNOWN.keySet().stream().sorted().toList(), knownStillDifferent.stream().sorted().toList(),
                "a known difference is gone: take it off the list (and README's)");
        // the corpus is mostly supported: a refusal is no failure, but an engine that refused everything must not pass
        assertTrue(same >= 400, same + " of " + texts.size() + " cases gave Ansible's text (" + refused + " refused)");
    }

    /**
     * Template files (template-files.json: loops, conditionals, whitespace control, macros, set and namespace, YAML and
     * JSON rendering, backslashes, the #jinja2: header) as the template module renders them, beside
     * {@link TemplateFiles#render}: every one byte for byte.
     */
    @Test
    void everyTemplateFileRendersAsAnsiblesTemplateModuleRendersIt(@TempDir Path work) throws Exception {
        Corpus corpus = Corpus.renderedByAnsible("template-files.json", "file", work);
        Map<String, Object> vars = corpus.vars();
        List<String> texts = corpus.cases();
        List<String> expected = corpus.ansible();
        List<String> different = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String ours = TemplateFiles.render("case.j2", texts.get(i), vars, TemplateFiles.Options.ANSIBLE);
            if (!ours.equals(expected.get(i))) {
                different.add(difference(texts.get(i), expected.get(i), ours));
            }
        }
        assertTrue(texts.size() >= 30, "the corpus was read: " + texts.size());
        assertTrue(different.isEmpty(), different.size() + " template(s) render another text:\n" + String.join("\n", different));
    }

    private static String difference(String text, String ansible, String muster) {
        return text + "\n    ansible: " + ansible + "\n    muster:  " + muster;
    }

    /** A corpus file's variables and cases, and what ansible-core's Templar rendered of each (templar.py MODE). */
    private record Corpus(Map<String, Object> vars, List<String> cases, List<String> ansible) {
        static Corpus renderedByAnsible(String file, String mode, Path work) throws Exception {
            Path cases = CORPUS.resolve(file).toAbsolutePath();
            Path python = AnsibleProgram.require("ansible-playbook").resolveSibling("python3");
            Path theirs = work.resolve("ansible.json");
            AnsibleProgram.Result run = AnsibleProgram.run(List.of(Files.exists(python) ? python.toString() : "/usr/bin/python3",
                    CORPUS.resolve("templar.py").toAbsolutePath().toString(), mode, cases.toString(), theirs.toString()), work, Map.of());
            assertEquals(0, run.code(), "Ansible's Templar could not be run: " + run.err());
            Map<String, Object> corpus = JSON.readValue(cases.toFile(), new TypeReference<>() { });
            @SuppressWarnings("unchecked")
            Corpus read = new Corpus((Map<String, Object>) corpus.get("vars"), (List<String>) corpus.get("cases"),
                    JSON.readValue(theirs.toFile(), new TypeReference<List<String>>() { }));
            assertEquals(read.cases().size(), read.ansible().size(), "a result from Ansible for every case");
            return read;
        }
    }
}
