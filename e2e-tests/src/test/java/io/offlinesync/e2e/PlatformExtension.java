package io.offlinesync.e2e;

import java.lang.reflect.Field;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/** Runs the {@link Platform} a test class's {@link PlatformTest} describes, for the whole class. */
final class PlatformExtension implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PlatformExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        PlatformTest spec = AnnotationSupport.findAnnotation(testClass, PlatformTest.class).orElseThrow();
        Platform platform = Platform.start(setup(spec));
        context.getStore(NAMESPACE).put(Platform.class, platform);
        List<Field> fields = ReflectionSupport.findFields(testClass,
                field -> ModifierSupport.isStatic(field) && field.getType() == Platform.class,
                HierarchyTraversalMode.TOP_DOWN);
        if (fields.isEmpty()) {
            throw new IllegalStateException(testClass.getSimpleName() + " has no static Platform field to put it in");
        }
        for (Field field : fields) {
            field.setAccessible(true);
            field.set(null, platform);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Platform platform = context.getStore(NAMESPACE).remove(Platform.class, Platform.class);
        if (platform != null) {
            platform.close();
        }
    }

    static Platform.Setup setup(PlatformTest spec) throws java.io.IOException {
        List<String> args = List.of(spec.args());
        if (spec.instances() > 0) {
            return Platform.Setup.scaledOut(spec.instances(), args);
        }
        if (spec.childProcesses()) {
            return new Platform.Setup(true, true, RegistryProcess.freePort(), args);
        }
        return new Platform.Setup(false, false, 0, args, 0, spec.containers());
    }
}
