package com.salesbooking.local.ops;

import io.temporal.serviceclient.GrpcCompression;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What would break or expose a first Azure deployment (issue 22), as far as the files show it: nothing here can be
 * compiled or deployed, so these checks read Bicep, the Dockerfile, compose and azure/README.md as text. Each
 * names the file and the rule; azure/README.md explains the reasons.
 *
 * <p>Bicep is read with regexes, relying on the layout of azure/main.bicep and azure/modules/*.bicep (one
 * declaration per top-level line, properties one per line).
 */
class DeploymentSafetyTest {

    private static final Path ROOT = RepositoryFiles.ROOT;

    // --- 1. images for linux/amd64 -----------------------------------------------------------------

    @Test
    void everyImageBuildInTheAzureReadmeTargetsLinuxAmd64() throws IOException {
        List<String> builds = lines(read("azure/README.md"), "docker (buildx )?build ");
        assertThat(builds).as("docker build commands in azure/README.md").isNotEmpty();
        assertThat(builds)
                .as("Container Apps runs linux/amd64 only: every build in azure/README.md says so")
                .allSatisfy(line -> assertThat(line).contains("--platform linux/amd64"));
    }

    // --- 6. the KEDA rule counts workflow and activity tasks -----------------------------------------

    @Test
    void theTemporalScaleRuleCountsWorkflowAndActivityTasks() throws IOException {
        String apps = read("azure/modules/apps.bicep");
        String rule = block(apps, "var workerBacklogRule");
        assertThat(rule)
                .as("apps.bicep workerBacklogRule is the KEDA temporal rule")
                .contains("type: 'temporal'");
        Matcher m = Pattern.compile("(?m)^\\s*queueTypes:\\s*'([^']*)'").matcher(rule);
        assertThat(m.find())
                .as("apps.bicep workerBacklogRule sets queueTypes (KEDA's default is workflow only)")
                .isTrue();
        assertThat(List.of(m.group(1).split("\\s*,\\s*")))
                .as("queueTypes of the temporal rule")
                .contains("workflow", "activity");
    }

    // --- 4. storage size vs auto-grow ------------------------------------------------------------------

    @Test
    void theStorageSizeIsNeverAFixedNumberBesideAutoGrow() throws IOException {
        String postgres = read("azure/modules/postgres.bicep");
        Matcher size = Pattern.compile("(?m)^\\s*storageSizeGB:\\s*(\\S+)\\s*$").matcher(postgres);
        assertThat(size.find()).as("postgres.bicep sets storage.storageSizeGB").isTrue();
        assertThat(size.group(1))
                .as("postgres.bicep storageSizeGB is a parameter, not a literal")
                .matches("[A-Za-z_][A-Za-z0-9_]*");
        assertThat(paramDefault(postgres, size.group(1)))
                .as("postgres.bicep param %s has no default", size.group(1))
                .isNull();

        String main = read("azure/main.bicep");
        String passed = moduleArgument(main, "postgres", size.group(1));
        assertThat(passed)
                .as("main.bicep passes a parameter as the module's %s", size.group(1))
                .matches("[A-Za-z_][A-Za-z0-9_]*");
        assertThat(paramDefault(main, passed))
                .as(
                        "main.bicep param %s must have no default: auto-grow enlarges the disk and a smaller size fails the next deployment",
                        passed)
                .isNull();

        // so every deployment command must name it (the README reads the current size for all but the first)
        List<String> deployments = commands(read("azure/README.md"), "az deployment group create");
        assertThat(deployments)
                .as("az deployment group create in azure/README.md")
                .isNotEmpty();
        assertThat(deployments).allSatisfy(cmd -> assertThat(cmd).contains(passed + "="));
    }

    // --- 4. no 0.0.0.0 rule unless a parameter asks for it -------------------------------------------

    @Test
    void noAllAzureServicesFirewallRuleUnlessAParameterAsksForIt() throws IOException {
        List<String> rules = new ArrayList<>();
        for (Map.Entry<String, String> file : bicepFiles().entrySet()) {
            String text = file.getValue();
            Matcher resource = Pattern.compile("(?m)^resource\\s+(\\w+)\\s+'[^']*/firewallRules@[^']*'\\s*=\\s*(.*)$")
                    .matcher(text);
            while (resource.find()) {
                rules.add(file.getKey() + " " + resource.group(1));
                Matcher condition =
                        Pattern.compile("^if\\s*\\((.*)\\)\\s*\\{\\s*$").matcher(resource.group(2));
                assertThat(condition.matches())
                        .as("%s: firewall rule %s must be conditional", file.getKey(), resource.group(1))
                        .isTrue();
                List<String> asking = new ArrayList<>();
                for (String id : identifiers(condition.group(1))) {
                    if (text.matches("(?s).*(?m:^param\\s+" + id + "\\s+bool\\b).*")
                            && "false".equals(paramDefault(text, id))) {
                        asking.add(id);
                    }
                }
                assertThat(asking)
                        .as(
                                "%s: the condition of %s names a bool parameter that defaults to false",
                                file.getKey(), resource.group(1))
                        .isNotEmpty();
                assertThat(condition.group(1))
                        .as("and the rule is off with private networking")
                        .contains("!privateNetworking");
            }
            // no 0.0.0.0 anywhere else (comments and descriptions aside)
            String code = text.replaceAll("//[^\\n]*", "").replaceAll("(?m)^@description\\(.*$", "");
            Matcher any = Pattern.compile("0\\.0\\.0\\.0").matcher(code);
            while (any.find()) {
                String owner = enclosingResource(code, any.start());
                assertThat(owner)
                        .as("%s: 0.0.0.0 outside a conditional firewall rule", file.getKey())
                        .matches("resource\\s+\\w+\\s+'[^']*/firewallRules@[^']*'\\s*=\\s*if\\s*\\(.*");
            }
        }
        assertThat(rules)
                .as("the optional rule still exists (postgresAllowAllAzureServices)")
                .isNotEmpty();
        String main = read("azure/main.bicep");
        assertThat(paramDefault(main, "postgresAllowAllAzureServices"))
                .as("main.bicep postgresAllowAllAzureServices")
                .isEqualTo("false");
        assertThat(moduleArgument(main, "postgres", "allowAllAzureServices"))
                .isEqualTo("postgresAllowAllAzureServices");
    }

    // --- 9. probe delays ------------------------------------------------------------------------------

    @Test
    void everyProbeDelayIsWithinTheContainerAppsLimits() throws IOException {
        List<Integer> delays = new ArrayList<>();
        for (Map.Entry<String, String> file : bicepFiles().entrySet()) {
            Matcher m = Pattern.compile("(?m)^\\s*initialDelaySeconds:\\s*(\\S+)\\s*$")
                    .matcher(file.getValue());
            while (m.find()) {
                if (m.group(1).matches("\\d+")) {
                    delays.add(Integer.parseInt(m.group(1)));
                } else {
                    assertThat(m.group(1))
                            .as("%s: a delay is a literal or taken from the probe specs", file.getKey())
                            .isEqualTo("spec.initialDelaySeconds");
                }
            }
        }
        assertThat(delays)
                .as("initialDelaySeconds in azure/**/*.bicep")
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d)
                        .as("Container Apps: 1 <= initialDelaySeconds <= 60")
                        .isBetween(1, 60));
    }

    // --- 5. TLS to Temporal unless private networking ----------------------------------------------------

    @Test
    void temporalTrafficIsTlsUnlessTheNetworkIsPrivate() throws IOException {
        String apps = read("azure/modules/apps.bicep");
        Matcher plain =
                Pattern.compile("(?m)^var\\s+temporalPlaintext\\s*=\\s*(.+)$").matcher(apps);
        assertThat(plain.find())
                .as("apps.bicep var temporalPlaintext: the one case without TLS")
                .isTrue();
        String condition = plain.group(1).trim();
        assertThat(condition)
                .as("plaintext needs both the explicit mode and private networking")
                .doesNotContain("||")
                .contains("&&")
                .containsPattern("\\btemporalAuthMode\\s*==\\s*'none'")
                .containsPattern("(^|&&\\s*)privateNetworking(\\s*&&|$)");

        String transport = block(apps, "var temporalTransportEnv");
        assertThat(transport)
                .as("apps.bicep temporalTransportEnv: TEMPORAL_TLS except when plaintext")
                .containsPattern("=\\s*temporalPlaintext\\s*\\?\\s*\\[\\s*]\\s*:")
                .containsPattern("name:\\s*'TEMPORAL_TLS'\\s*\\n\\s*value:\\s*'true'");
        for (String env : List.of("apiEnv", "workerEnv")) {
            assertThat(block(apps, "var " + env))
                    .as("apps.bicep %s includes temporalTransportEnv", env)
                    .containsPattern("\\btemporalTransportEnv\\b");
        }

        String main = read("azure/main.bicep");
        assertThat(moduleArgument(main, "apps", "privateNetworking"))
                .as("main.bicep hands its own flag to the apps")
                .isEqualTo("privateNetworking");
        assertThat(main)
                .as("main.bicep: private networking means a VNet-integrated environment")
                .containsPattern("vnetConfiguration:\\s*privateNetworking\\s*\\?");
        assertThat(moduleArgument(main, "postgres", "privateNetworking"))
                .as("and private access for PostgreSQL")
                .isEqualTo("privateNetworking");

        // the apps read the switch (booking-defaults.yml) that this variable sets
        assertThat(read("platform/src/main/resources/booking-defaults.yml")).contains("${TEMPORAL_TLS:false}");
    }

    /** TEMPORAL_TLS=true (what Bicep sets unless plaintext is allowed) really makes the Temporal client use TLS. */
    @Test
    void theTlsSwitchTurnsOnTlsInTheTemporalClient() throws ClassNotFoundException {
        ApplicationContextRunner runner = platformContext();
        // the client connects lazily: nothing listens on 7233 and nothing needs to
        runner.run(context -> assertThat(
                        context.getBean(WorkflowServiceStubs.class).getOptions().getEnableHttps())
                .as("no API key, no certificate, no TEMPORAL_TLS: plaintext")
                .isFalse());
        runner.withPropertyValues("booking.temporal.tls=true")
                .run(context -> assertThat(context.getBean(WorkflowServiceStubs.class)
                                .getOptions()
                                .getEnableHttps())
                        .as("booking.temporal.tls=true (TEMPORAL_TLS): TLS")
                        .isTrue());
    }

    /**
     * Requests to Temporal go uncompressed: they are a few hundred bytes, and the SDK's default gzip was a tenth of a
     * workflow start's CPU in the api (README "Benchmarks").
     */
    @Test
    void temporalRequestsAreNotGzipped() throws ClassNotFoundException {
        platformContext()
                .run(context -> assertThat(context.getBean(WorkflowServiceStubs.class)
                                .getOptions()
                                .getGrpcCompression())
                        .isEqualTo(GrpcCompression.NONE));
    }

    /** The platform auto-configuration with the least valid settings and a Temporal address nothing listens on. */
    private ApplicationContextRunner platformContext() throws ClassNotFoundException {
        // found through the auto-configuration imports, not by package: the platform classes may move between modules
        String platform = null;
        for (String candidate :
                ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())) {
            if (candidate.endsWith(".PlatformAutoConfiguration")) {
                platform = candidate;
            }
        }
        assertThat(platform)
                .as("PlatformAutoConfiguration among the auto-configurations")
                .isNotNull();
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(Class.forName(platform)))
                .withPropertyValues(
                        "booking.base-url=http://booking.test",
                        "booking.temporal.address=127.0.0.1:7233",
                        "booking.temporal.namespace=default",
                        "booking.temporal.task-queue=booking",
                        "booking.tokens.issuer=test",
                        "booking.tokens.active-key-id=test",
                        "booking.tokens.signing-keys=test:"
                                + Base64.getEncoder().encodeToString(new byte[32]),
                        "booking.hold-ttl=PT10M",
                        "booking.attendance-window=P30D");
    }

    // --- issue 17: the management port stays behind the ingress -----------------------------------------

    @Test
    void theApiManagementPortIsProbedButNeverExposedByTheIngress() throws IOException {
        String apps = read("azure/modules/apps.bicep");
        String apiResource = block(apps, "resource api ");
        Matcher target = Pattern.compile("(?m)^\\s*targetPort:\\s*(\\w+)\\s*$").matcher(apiResource);
        assertThat(target.find()).as("the api's ingress targetPort").isTrue();
        int publicPort = intVar(apps, target.group(1));
        assertThat(apiResource)
                .as("no further ports on the api's ingress")
                .doesNotContain("additionalPortMappings")
                .doesNotContain("exposedPort");

        Matcher probePort = Pattern.compile("(?m)^\\s*port:\\s*(\\w+)\\s*$").matcher(block(apps, "var apiProbes"));
        assertThat(probePort.find()).as("apps.bicep apiProbes port").isTrue();
        int managementPort = intVar(apps, probePort.group(1));
        assertThat(managementPort)
                .as("the api's probes use the management port, not the public one")
                .isNotEqualTo(publicPort);

        Matcher env = Pattern.compile("name:\\s*'MANAGEMENT_PORT'\\s*\\n\\s*value:\\s*string\\((\\w+)\\)")
                .matcher(block(apps, "var apiEnv"));
        assertThat(env.find()).as("apiEnv sets MANAGEMENT_PORT").isTrue();
        assertThat(intVar(apps, env.group(1)))
                .as("MANAGEMENT_PORT on the api = the probed port")
                .isEqualTo(managementPort);

        // the image and the app agree
        String dockerfile = read("Dockerfile");
        String apiStage = dockerfile.substring(dockerfile.indexOf("AS api"), dockerfile.indexOf("AS worker"));
        assertThat(apiStage)
                .as("Dockerfile api stage")
                .contains("MANAGEMENT_PORT=" + managementPort)
                .containsPattern("HEALTHCHECK[\\s\\S]*\\$\\{MANAGEMENT_PORT}/actuator/health/liveness");
        assertThat(read("api/src/main/resources/application.yml"))
                .as("api application.yml")
                .containsPattern(
                        "management:\\s*\\n\\s*server:\\s*\\n(\\s*#[^\\n]*\\n)*\\s*port:\\s*\\$\\{MANAGEMENT_PORT:}");

        // compose publishes the public port only
        Map<String, Object> compose = new Yaml().load(read("docker-compose.temporal.yml"));
        Object ports = service(compose, "api").get("ports");
        assertThat(String.valueOf(ports))
                .as("compose api ports")
                .contains(":" + publicPort)
                .doesNotContain(String.valueOf(managementPort));
    }

    // --- 7. migrations before the apps -------------------------------------------------------------------

    @Test
    void theSchemaComesBeforeTheAppsOnFirstDeploymentAndInEveryRollout() throws IOException {
        String main = read("azure/main.bicep");
        Matcher job = Pattern.compile("(?m)^module\\s+migrations\\s+'modules/migrations\\.bicep'\\s*=\\s*(.*)$")
                .matcher(main);
        assertThat(job.find()).as("main.bicep module migrations").isTrue();
        assertThat(job.group(1).trim())
                .as("the migrations job exists in the first pass (not behind deployApps)")
                .isEqualTo("{");
        assertThat(main)
                .as("the apps module is the second pass")
                .containsPattern("(?m)^module\\s+apps\\s+'modules/apps\\.bicep'\\s*=\\s*if\\s*\\(deployApps\\)");
        assertThat(dependsOn(main, "module apps "))
                .as("main.bicep: the apps depend on the migrations job")
                .contains("migrations");
        String apps = read("azure/modules/apps.bicep");
        assertThat(apps).as("apps.bicep holds no job").doesNotContain("Microsoft.App/jobs");
        assertThat(dependsOn(apps, "resource api "))
                .as("apps.bicep: the api after the worker")
                .contains("worker");

        String readme = read("azure/README.md");
        String first = section(readme, "## First deployment");
        assertOrder(
                "azure/README.md, First deployment",
                first,
                "deployApps=false",
                "run_migrations ||",
                "deploy deployApps=true");
        String rollout = section(readme, "## Rollout");
        assertOrder(
                "azure/README.md, Rollout",
                rollout,
                "run_migrations ||",
                "az containerapp update -g \"$RG\" -n \"$WORKER\"",
                "healthState",
                "[ \"$HEALTH\" = Healthy ] ||",
                "az containerapp update -g \"$RG\" -n \"$API\"");

        Map<String, Object> compose = new Yaml().load(read("docker-compose.temporal.yml"));
        assertThat(String.valueOf(service(compose, "worker").get("depends_on")))
                .as("compose worker after migrate")
                .contains("migrate={condition=service_completed_successfully}");
        assertThat(String.valueOf(service(compose, "api").get("depends_on")))
                .as("compose api after a healthy worker")
                .contains("worker={condition=service_healthy}");
    }

    // --- helpers -------------------------------------------------------------------------------------

    private static void assertOrder(String where, String text, String... steps) {
        int at = -1;
        for (String step : steps) {
            int next = text.indexOf(step, at + 1);
            assertThat(next).as("%s: '%s' after the previous step", where, step).isGreaterThan(at);
            at = next;
        }
    }

    /** The text of one markdown section (from its heading to the next heading of the same level). */
    private static String section(String markdown, String heading) {
        int start = markdown.indexOf(heading);
        assertThat(start).as("section %s", heading).isNotNegative();
        int end = markdown.indexOf("\n## ", start + heading.length());
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    /** A top-level declaration starting with {@code start} (e.g. "var apiEnv", "resource api "), up to the next one. */
    private static String block(String text, String start) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(start)).matcher(text);
        assertThat(m.find()).as("a declaration '%s'", start).isTrue();
        Matcher next = Pattern.compile("(?m)^(var|param|resource|module|output|@|// ---)")
                .matcher(text);
        int end = next.find(m.end()) ? next.start() : text.length();
        return text.substring(m.start(), end);
    }

    /** The names listed in a declaration's {@code dependsOn: [ ... ]}. */
    private static List<String> dependsOn(String text, String start) {
        Matcher m = Pattern.compile("dependsOn:\\s*\\[([^\\]]*)]").matcher(block(text, start));
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.addAll(identifiers(m.group(1).replaceAll("//[^\\n]*", "")));
        }
        return names;
    }

    /** The expression a module call passes for one of its parameters ({@code name: expression}). */
    private static String moduleArgument(String main, String module, String parameter) {
        String call = block(main, "module " + module + " ");
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(parameter) + ":\\s*(.+?)\\s*$")
                .matcher(call);
        assertThat(m.find()).as("module %s gets %s", module, parameter).isTrue();
        return m.group(1);
    }

    /** The default of {@code param NAME TYPE = default}, or null when it has none. */
    private static String paramDefault(String text, String name) {
        Matcher m = Pattern.compile("(?m)^param\\s+" + Pattern.quote(name) + "\\s+\\w+\\s*(?:=\\s*(.+?))?\\s*$")
                .matcher(text);
        assertThat(m.find()).as("a param %s", name).isTrue();
        return m.group(1);
    }

    private static int intVar(String text, String name) {
        Matcher m = Pattern.compile("(?m)^var\\s+" + Pattern.quote(name) + "\\s*=\\s*(\\w+)\\s*$")
                .matcher(text);
        assertThat(m.find()).as("a var %s", name).isTrue();
        return m.group(1).matches("\\d+") ? Integer.parseInt(m.group(1)) : intVar(text, m.group(1));
    }

    /** The top-level declaration line above a position. */
    private static String enclosingResource(String text, int position) {
        Matcher m =
                Pattern.compile("(?m)^(resource|var|param|module|output)\\b.*$").matcher(text);
        String last = "";
        while (m.find() && m.start() < position) {
            last = m.group();
        }
        return last;
    }

    private static List<String> identifiers(String expression) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\\b[A-Za-z_][A-Za-z0-9_]*\\b").matcher(expression);
        while (m.find()) {
            ids.add(m.group());
        }
        return ids;
    }

    /** Lines matching a pattern, outside nothing: the README's command lines. */
    private static List<String> lines(String text, String pattern) {
        List<String> found = new ArrayList<>();
        Pattern p = Pattern.compile(pattern);
        for (String line : text.split("\n")) {
            if (p.matcher(line).find()) {
                found.add(line);
            }
        }
        return found;
    }

    /** Shell commands starting with {@code start}, continuation lines ({@code \}) joined. */
    private static List<String> commands(String text, String start) {
        List<String> found = new ArrayList<>();
        String[] all = text.split("\n");
        for (int i = 0; i < all.length; i++) {
            if (all[i].strip().startsWith(start)) {
                StringBuilder cmd = new StringBuilder(all[i]);
                while (all[i].stripTrailing().endsWith("\\") && i + 1 < all.length) {
                    cmd.append('\n').append(all[++i]);
                }
                found.add(cmd.toString());
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).as("compose services").containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    private static Map<String, String> bicepFiles() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (var walk = Files.walk(ROOT.resolve("azure"))) {
            for (Path p :
                    walk.filter(p -> p.toString().endsWith(".bicep")).sorted().toList()) {
                files.put(ROOT.relativize(p).toString(), Files.readString(p));
            }
        }
        assertThat(files).as("azure/**/*.bicep").isNotEmpty();
        return files;
    }

    private static String read(String relative) throws IOException {
        Path file = ROOT.resolve(relative);
        assertThat(file).as(relative).isRegularFile();
        return Files.readString(file);
    }
}
