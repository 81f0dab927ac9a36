package com.salesbooking.local.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.temporal.activity.ActivityInterface;
import io.temporal.workflow.WorkflowInterface;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

import java.lang.annotation.Annotation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module map of the README as rules that Maven's module graph cannot express (the graph itself already
 * refuses, say, an api class that imports an activity implementation: the api does not depend on that module).
 * Runs here because only this module sees every other one.
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
    void controllersNeverRunSql() {
        noClasses()
                .that()
                .areAnnotatedWith(RestController.class)
                .or()
                .areAnnotatedWith(Controller.class)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
                .because("controllers speak HTTP; rows are read and written by the store's repositories")
                .check(MAIN);
    }

    @Test
    void providerAdaptersKnowNothingOfBookingsOrTemporal() {
        noClasses()
                .that()
                .resideInAPackage("com.salesbooking.providers..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "com.salesbooking.store..",
                        "com.salesbooking.platform..",
                        "io.temporal..",
                        "org.springframework.jdbc..")
                .because("a provider adapter translates one outside API; retries and state belong to its callers")
                .check(MAIN);
    }

    private static DescribedPredicate<JavaClass> implementAnInterfaceAnnotatedWith(
            Class<? extends Annotation> annotation) {
        return DescribedPredicate.describe(
                "implement an interface annotated with @" + annotation.getSimpleName(),
                c -> c.getAllRawInterfaces().stream().anyMatch(i -> i.isAnnotatedWith(annotation)));
    }
}
