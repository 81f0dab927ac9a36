package com.salesbooking.local.ops;

import com.salesbooking.workflows.booking.BookingSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps the deployment files honest against the code: the environment variables Azure sets are the
 * ones the apps read, every required one is set on both apps, the worker scales on the task queue the
 * code polls, and docker-compose registers exactly the search attributes the workflows upsert.
 *
 * <p>Bicep is read with regexes, relying on the conventions stated at the top of
 * azure/modules/apps.bicep: env lists are the vars {@code apiEnv} / {@code workerEnv}, env names are
 * upper-case string literals, the task queue is the var {@code temporalTaskQueue}.
 */
class DeploymentConsistencyTest {

    /** {@code ${NAME:default}} or {@code ${NAME}}: every variable a Spring yml reads. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?=[:}])");
    /** {@code ${NAME:}}: a variable whose default is empty, i.e. production must set it. */
    private static final Pattern EMPTY_DEFAULT = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):}");
    /** {@code $NAME} or {@code ${NAME...}} in a shell script (upper case: the environment, by convention). */
    private static final Pattern SHELL_VARIABLE = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*)");
    /** {@code \\getenv psqlvar NAME} in a psql file. */
    private static final Pattern PSQL_GETENV = Pattern.compile("(?m)^\\\\getenv\\s+\\w+\\s+([A-Z][A-Z0-9_]*)\\s*$");
    /** An env entry in Bicep: {@code name: 'UPPER_CASE'} (secrets, volumes and rules use lower case). */
    private static final Pattern BICEP_ENV_NAME = Pattern.compile("\\bname:\\s*'([A-Z][A-Z0-9_]*)'");

    private static final Pattern BICEP_VAR = Pattern.compile("(?m)^var\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*=");
    private static final Pattern BICEP_TOP_LEVEL =
            Pattern.compile("(?m)^(var|param|resource|module|output|func|type|targetScope|@|//)");
    private static final Pattern IDENTIFIER = Pattern.compile("\\b[A-Za-z_][A-Za-z0-9_]*\\b");

    /**
     * Empty defaults that mean "feature off", not "must be set": Temporal auth is an API key OR mTLS
     * OR nothing (self-hosted), and Zoom is optional for Teams-only deployments.
     */
    private static final Set<String> OPTIONAL_WHEN_EMPTY = Set.of(
            "TEMPORAL_API_KEY",
            "TEMPORAL_TLS_CERT_PATH",
            "TEMPORAL_TLS_KEY_PATH",
            "ZOOM_ACCOUNT_ID",
            "ZOOM_CLIENT_ID",
            "ZOOM_CLIENT_SECRET",
            "ZOOM_TENANT_CREDENTIALS");

    private static final Path ROOT = RepositoryFiles.ROOT;

    @Test
    void bicepSetsOnlyVariablesTheAppsReadAndEveryRequiredOneOnBothApps() throws IOException {
        Set<String> read = new TreeSet<>();
        for (Path yml : appConfigFiles()) {
            read.addAll(placeholders(Files.readString(yml), PLACEHOLDER));
        }
        assertThat(read)
                .as("variables read by booking-defaults.yml and the application.yml files")
                .contains("DATABASE_URL", "TEMPORAL_TASK_QUEUE", "PORT");
        // the migrations job's entrypoint (azure/scripts/migrate.sh and the psql file it runs)
        Set<String> readByJob =
                new TreeSet<>(placeholders(read(ROOT.resolve("azure/scripts/migrate.sh")), SHELL_VARIABLE));
        readByJob.addAll(placeholders(read(ROOT.resolve("azure/scripts/app-role.sql")), PSQL_GETENV));
        assertThat(readByJob)
                .as("variables read by the migrations job's scripts")
                .contains("DATABASE_URL", "APP_DATABASE_USERNAME", "APP_DATABASE_PASSWORD");
        read.addAll(readByJob);

        Set<String> required = new TreeSet<>(placeholders(read(defaultsYml()), EMPTY_DEFAULT));
        assertThat(OPTIONAL_WHEN_EMPTY)
                .as("optional variables must exist in booking-defaults.yml")
                .allSatisfy(name -> assertThat(read).contains(name));
        required.removeAll(OPTIONAL_WHEN_EMPTY);
        assertThat(required)
                .as("required production variables (empty default in booking-defaults.yml)")
                .isNotEmpty()
                .contains("DATABASE_URL", "TEMPORAL_ADDRESS");

        // every upper-case env name anywhere in azure/**/*.bicep (api, worker, migrations job)
        Map<Path, String> bicep = bicepFiles();
        Set<String> setAnywhere = new TreeSet<>();
        bicep.values().forEach(text -> setAnywhere.addAll(matches(text, BICEP_ENV_NAME)));
        assertThat(setAnywhere).as("environment variables set in azure/*.bicep").isNotEmpty();
        assertThat(setAnywhere)
                .as("every variable Bicep sets must be read by the apps (typo or stale name?)")
                .isSubsetOf(read);

        Map<String, Set<String>> envByApp = new LinkedHashMap<>();
        envByApp.put("api", resolveEnvVar(bicep, "apiEnv"));
        envByApp.put("worker", resolveEnvVar(bicep, "workerEnv"));
        envByApp.forEach((app, names) -> {
            assertThat(names).as("variables Bicep sets on the %s app", app).isSubsetOf(read);
            assertThat(names)
                    .as("required variables missing on the %s app", app)
                    .containsAll(required);
            assertThat(names).as("the %s app needs its port", app).contains("PORT");
        });
        assertThat(resolveEnvVar(bicep, "migrationsEnv"))
                .as("variables Bicep sets on the migrations job")
                .containsExactlyInAnyOrder(
                        "DATABASE_URL",
                        "DATABASE_USERNAME",
                        "DATABASE_PASSWORD",
                        "APP_DATABASE_USERNAME",
                        "APP_DATABASE_PASSWORD");
        String allBicep = String.join("\n", bicep.values());
        assertThat(allBicep).as("the api container must use apiEnv").containsPattern("env:\\s*apiEnv\\b");
        assertThat(allBicep).as("the worker container must use workerEnv").containsPattern("env:\\s*workerEnv\\b");
    }

    @Test
    void taskQueueIsTheSameInDefaultsScaleRuleAndEnvironment() throws IOException {
        Map<String, Object> defaults = new Yaml().load(read(defaultsYml()));
        String placeholder = String.valueOf(path(defaults, "booking", "temporal", "task-queue"));
        Matcher m = Pattern.compile("^\\$\\{TEMPORAL_TASK_QUEUE:([^}]+)}$").matcher(placeholder);
        assertThat(m.matches())
                .as("booking.temporal.task-queue is ${TEMPORAL_TASK_QUEUE:<default>}, was %s", placeholder)
                .isTrue();
        String codeDefault = m.group(1);

        Map<Path, String> bicep = bicepFiles();
        List<String> scaleRuleQueues = new ArrayList<>();
        List<String> envQueues = new ArrayList<>();
        for (Map.Entry<Path, String> file : bicep.entrySet()) {
            String text = file.getValue();
            Matcher rule = Pattern.compile("(?m)^\\s*taskQueue:\\s*(\\S+)\\s*$").matcher(text);
            while (rule.find()) {
                scaleRuleQueues.add(resolveValue(text, rule.group(1), file.getKey()));
            }
            Matcher env = Pattern.compile("name:\\s*'TEMPORAL_TASK_QUEUE'\\s*\\n\\s*value:\\s*(\\S+)")
                    .matcher(text);
            while (env.find()) {
                envQueues.add(resolveValue(text, env.group(1), file.getKey()));
            }
        }
        assertThat(text(bicep)).as("the worker has a KEDA temporal scale rule").contains("type: 'temporal'");
        assertThat(scaleRuleQueues)
                .as("taskQueue of the worker's temporal scale rule")
                .isNotEmpty()
                .containsOnly(codeDefault);
        assertThat(envQueues)
                .as("TEMPORAL_TASK_QUEUE set on the apps")
                .isNotEmpty()
                .containsOnly(codeDefault);
    }

    @Test
    void composeRegistersExactlyTheBookingSearchAttributes() throws IOException {
        Map<String, Object> compose = new Yaml().load(read(ROOT.resolve("docker-compose.temporal.yml")));
        Object declared = path(compose, "services", "temporal-setup", "environment", "BOOKING_SEARCH_ATTRIBUTES");
        assertThat(declared)
                .as("services.temporal-setup.environment.BOOKING_SEARCH_ATTRIBUTES")
                .isInstanceOf(String.class);
        Object command = path(compose, "services", "temporal-setup", "command");
        assertThat(String.valueOf(command))
                .as("the setup script registers what BOOKING_SEARCH_ATTRIBUTES lists")
                .contains("$$BOOKING_SEARCH_ATTRIBUTES")
                .contains("search-attribute create");

        Map<String, String> registered = new TreeMap<>();
        for (String pair : ((String) declared).trim().split("\\s+")) {
            String[] parts = pair.split("=", 2);
            assertThat(parts).as("NAME=Type pair, was %s", pair).hasSize(2);
            assertThat(registered.put(parts[0], parts[1]))
                    .as("%s registered twice", parts[0])
                    .isNull();
        }

        Map<String, String> expected = new TreeMap<>();
        for (SearchAttributeKey<?> key : BookingSearchAttributes.ALL) {
            expected.put(key.getName(), cliType(key.getValueType()));
        }
        assertThat(expected).as("BookingSearchAttributes.ALL").isNotEmpty();
        assertThat(registered)
                .as("search attributes registered by docker-compose.temporal.yml")
                .isEqualTo(expected);
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** The temporal CLI's name of an indexed value type (what `search-attribute create --type` takes). */
    private static String cliType(IndexedValueType type) {
        return switch (type) {
            case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
            case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
            case INDEXED_VALUE_TYPE_TEXT -> "Text";
            case INDEXED_VALUE_TYPE_INT -> "Int";
            case INDEXED_VALUE_TYPE_DOUBLE -> "Double";
            case INDEXED_VALUE_TYPE_BOOL -> "Bool";
            case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
            default -> throw new AssertionError("no CLI type for " + type);
        };
    }

    /**
     * The env names a Bicep var collects: upper-case literals in its own text plus, transitively, those
     * of every other var it mentions (concat(sharedEnv, zoomEnv, ...), ternaries included).
     */
    private static Set<String> resolveEnvVar(Map<Path, String> bicep, String var) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String text : bicep.values()) {
            vars.putAll(varBlocks(text));
        }
        assertThat(vars).as("a Bicep var named %s", var).containsKey(var);
        Set<String> names = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(var));
        while (!todo.isEmpty()) {
            String current = todo.pop();
            if (!seen.add(current)) {
                continue;
            }
            String block = vars.get(current);
            names.addAll(matches(block, BICEP_ENV_NAME));
            for (String id : matches(block, IDENTIFIER)) {
                if (vars.containsKey(id) && !seen.contains(id)) {
                    todo.push(id);
                }
            }
        }
        return names;
    }

    /** var name -> its declaration text, up to the next top-level declaration or comment. */
    private static Map<String, String> varBlocks(String text) {
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher var = BICEP_VAR.matcher(text);
        while (var.find()) {
            int start = var.end();
            Matcher next = BICEP_TOP_LEVEL.matcher(text);
            int end = next.find(start) ? next.start() : text.length();
            blocks.put(var.group(1), text.substring(start, end));
        }
        return blocks;
    }

    /** A Bicep expression that is a string literal, or the name of a var/param with a literal value. */
    private static String resolveValue(String text, String expression, Path file) {
        if (expression.startsWith("'") && expression.endsWith("'")) {
            return expression.substring(1, expression.length() - 1);
        }
        Matcher m = Pattern.compile("(?m)^(?:var\\s+" + Pattern.quote(expression) + "\\s*=|param\\s+"
                        + Pattern.quote(expression) + "\\s+string\\s*=)\\s*'([^']*)'")
                .matcher(text);
        if (!m.find()) {
            fail("%s: %s is neither a string literal nor a var/param with a literal value", file, expression);
        }
        return m.group(1);
    }

    private static Set<String> placeholders(String text, Pattern pattern) {
        return new TreeSet<>(matches(text, pattern));
    }

    private static List<String> matches(String text, Pattern pattern) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.groupCount() >= 1 ? m.group(1) : m.group());
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> root, String... keys) {
        Object current = root;
        for (String key : keys) {
            assertThat(current).as("parent of %s", key).isInstanceOf(Map.class);
            current = ((Map<String, Object>) current).get(key);
            assertThat(current).as("key %s", key).isNotNull();
        }
        return current;
    }

    private static List<Path> appConfigFiles() {
        List<Path> files = List.of(
                defaultsYml(),
                ROOT.resolve("api/src/main/resources/application.yml"),
                ROOT.resolve("worker/src/main/resources/application.yml"));
        files.forEach(f -> assertThat(f).as("app configuration").isRegularFile());
        return files;
    }

    private static Path defaultsYml() {
        return ROOT.resolve("platform/src/main/resources/booking-defaults.yml");
    }

    private static Map<Path, String> bicepFiles() throws IOException {
        Path azure = ROOT.resolve("azure");
        assertThat(azure).as("azure/ directory").isDirectory();
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(azure)) {
            for (Path p : walk.filter(p -> p.toString().endsWith(".bicep")).collect(Collectors.toList())) {
                files.put(ROOT.relativize(p), Files.readString(p));
            }
        }
        assertThat(files).as("azure/**/*.bicep").isNotEmpty();
        return files;
    }

    private static String text(Map<Path, String> files) {
        return String.join("\n", files.values());
    }

    private static String read(Path file) throws IOException {
        assertThat(file).isRegularFile();
        return Files.readString(file);
    }
}
