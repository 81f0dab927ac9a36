package com.salesbooking.workflows.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The workflows module is deterministic code only: no Spring, no JDBC, no HTTP, no files, no threads, no
 * system clock or randomness. Temporal replays it; anything that reaches outside would break replay.
 */
class ModuleBoundaryTest {

    private static final JavaClasses WORKFLOWS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.salesbooking.workflows");

    @Test
    void workflowsImportNothingFromSpringJdbcOrHttp() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "java.sql..",
                        "javax.sql..",
                        "java.net..",
                        "java.net.http..",
                        "okhttp3..",
                        "com.microsoft..",
                        "com.azure..",
                        "jakarta.servlet..",
                        "org.postgresql..")
                .because("workflow code must be deterministic and free of I/O (README, Modules)")
                .check(WORKFLOWS);
    }

    @Test
    void workflowsUseNeitherTheSystemClockNorThreadsNorRandomness() {
        noClasses()
                .should()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .orShould()
                .callMethod(java.time.Instant.class, "now")
                .orShould()
                .callMethod(java.util.UUID.class, "randomUUID")
                .orShould()
                .callConstructor(Thread.class, Runnable.class)
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.util.Random")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.security.SecureRandom")
                .because("time, randomness and threads come from Workflow.* so replay sees the same values")
                .check(WORKFLOWS);
    }
}
