package com.salesbooking.local.ops;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's own files, for the tests that check deployment files against the code. */
final class RepositoryFiles {

    /** Tests run with the module directory as working directory: walk up to the repository root. */
    static final Path ROOT = repositoryRoot();

    private RepositoryFiles() {}

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("docker-compose.temporal.yml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "no docker-compose.temporal.yml above " + Path.of("").toAbsolutePath());
    }
}
