package dev.segments.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/** The module and package rules of the project, checked against the compiled classes of all modules. */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.segments");

    @Test
    void sharedEventsHoldOnlyPlainMessageTypes() {
        noClasses().that().resideInAPackage("dev.segments.events..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                        "org.hibernate..", "dev.segments.command..", "dev.segments.query..", "dev.segments.app..")
                .check(CLASSES);
        classes().that().resideInAPackage("dev.segments.events..")
                .and(simpleNameEndingWith("Event").or(simpleNameEndingWith("Command"))
                        .or(simpleNameEndingWith("Query")).or(simpleNameEndingWith("Response")))
                .should().beRecords()
                .check(CLASSES);
    }

    @Test
    void commandAndQuerySidesDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("dev.segments.command..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.segments.query..", "dev.segments.app..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.segments.query..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.segments.command..", "dev.segments.app..")
                .check(CLASSES);
    }

    @Test
    void controllersLiveInWebPackages() {
        classes().that().areAnnotatedWith(RestController.class)
                .should().resideInAPackage("..web..")
                .andShould().notBePublic()
                .check(CLASSES);
    }

    @Test
    void queriesAndEventsAreNamedByConvention() {
        classes().that().resideInAPackage("dev.segments.events..").and().haveSimpleNameEndingWith("Query")
                .should().haveSimpleNameStartingWith("Find")
                .check(CLASSES);
        classes().that().resideInAPackage("dev.segments.events..").and().haveSimpleNameEndingWith("Event")
                .should().haveNameMatching(".*\\.[A-Z][A-Za-z]*edEvent")
                .check(CLASSES);
    }
}
