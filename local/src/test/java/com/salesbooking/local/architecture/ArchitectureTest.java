package com.salesbooking.local.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.temporal.activity.ActivityInterface;
import io.temporal.workflow.WorkflowInterface;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module map of the README as rules that Maven's module graph cannot express. What the graph already refuses
 * is not repeated here: an api class that imports an activity implementation, or a provider adapter that imports
 * the store, Temporal or Spring JDBC, does not compile (their modules do not depend on those). Runs here because
 * only this module sees every other one.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the other modules arrive as jars; their test jars (HTTP fakes) are not main code
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("com.salesbooking");

    @Test
    void activityImplementationsLiveInTheActivitiesModule() {
        classes()
                .that(implementAnInterfaceAnnotatedWith(ActivityInterface.class))
                .and()
                .areNotInterfaces()
                .should()
                .resideInAPackage("com.salesbooking.activities..")
                .because("the activities module holds what the workers run; the api process must not create them")
                .check(MAIN);
    }

    @Test
    void workflowImplementationsLiveInTheWorkflowsModule() {
        classes()
                .that(implementAnInterfaceAnnotatedWith(WorkflowInterface.class))
                .and()
                .areNotInterfaces()
                .should()
                .resideInAPackage("com.salesbooking.workflows..")
                .because("workflow code is deterministic and checked as such in its own module")
                .check(MAIN);
    }

    @Test
    void onlyTheStoreAndTheMigrationsRunSql() {
        noClasses()
                .that()
                .resideOutsideOfPackages("com.salesbooking.store..", "com.salesbooking.migrations..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.jdbc.core..", "java.sql..")
                .because("rows are read and written by the store's repositories (one per group of tables), into"
                        + " records; controllers and activities call them inside their transactions")
                .check(MAIN);
    }

    private static DescribedPredicate<JavaClass> implementAnInterfaceAnnotatedWith(
            Class<? extends Annotation> annotation) {
        return DescribedPredicate.describe(
                "implement an interface annotated with @" + annotation.getSimpleName(),
                c -> c.getAllRawInterfaces().stream().anyMatch(i -> i.isAnnotatedWith(annotation)));
    }
}
