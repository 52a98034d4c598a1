package dev.bpftop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package order of DESIGN.md, lowest first: a package may use only those on lower floors.
 * A new package has to be given its floor here before the build passes.
 */
class ArchitectureTest {
    private static final List<List<String>> FLOORS = List.of(
            List.of("collect"),
            List.of("bpf", "cgroup"),
            List.of("enrich"),
            List.of("sql"),
            List.of("history"),
            List.of("render"),
            List.of("freeze"),
            List.of("shell"),
            List.of("live"),
            List.of("agent"),
            List.of("cli"));

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.bpftop");
    }

    @Test
    void importsPointDownTheFloorsOnly() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> floor : FLOORS) {
            for (String pkg : floor) layers = layers.layer(pkg).definedBy("dev.bpftop." + pkg + "..");
        }
        for (int i = 0; i < FLOORS.size(); i++) {
            List<String> above = new ArrayList<>();
            for (List<String> floor : FLOORS.subList(i + 1, FLOORS.size())) above.addAll(floor);
            for (String pkg : FLOORS.get(i)) {
                layers = above.isEmpty() ? layers.whereLayer(pkg).mayNotBeAccessedByAnyLayer()
                        : layers.whereLayer(pkg).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
            }
        }
        layers.check(main);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.bpftop.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void everyPackageHasAFloor() {
        List<String> packages = new ArrayList<>();
        for (List<String> floor : FLOORS) for (String pkg : floor) packages.add("dev.bpftop." + pkg + "..");
        classes().should().resideInAnyPackage(packages.toArray(String[]::new)).check(main);
    }
}
