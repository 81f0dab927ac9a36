package com.salesbooking.workflows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The recorded workflow histories under {@code src/test/resources/histories/}, by file name prefix, so a history
 * recorded for a new path or release is replayed without anyone listing it by hand.
 */
public final class RecordedHistories {

    private RecordedHistories() {}

    /**
     * Where a recorder writes: the source folder (not target/), from the repository root (where {@code ./mvnw -pl
     * workflows exec:java} runs) or from the module's folder.
     */
    public static Path sourceFolder() {
        Path fromRoot = Path.of("workflows/src/test/resources/histories");
        return Files.isDirectory(fromRoot) ? fromRoot : Path.of("src/test/resources/histories");
    }

    /** Replays one recorded history against the given workflow implementations; throws on non-determinism. */
    public static void replay(String resource, Class<?>... workflowImplementations) throws Exception {
        try (io.temporal.testing.TestWorkflowEnvironment env =
                io.temporal.testing.TestWorkflowEnvironment.newInstance()) {
            io.temporal.worker.Worker worker = TestWorkers.newWorker(env, "replay");
            worker.registerWorkflowImplementationTypes(workflowImplementations);
            io.temporal.testing.WorkflowReplayer.replayWorkflowExecutionFromResource(resource, worker);
        }
    }

    /** Resource names ({@code histories/<file>.json}) of every history whose file name starts with the prefix. */
    public static List<String> startingWith(String prefix) {
        try (Stream<Path> files = Files.list(
                Path.of(RecordedHistories.class.getResource("/histories").toURI()))) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && n.endsWith(".json"))
                    .sorted()
                    .map(n -> "histories/" + n)
                    .toList();
            if (names.isEmpty()) {
                throw new IllegalStateException("no recorded history starts with " + prefix);
            }
            return names;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the recorded histories", e);
        }
    }
}
