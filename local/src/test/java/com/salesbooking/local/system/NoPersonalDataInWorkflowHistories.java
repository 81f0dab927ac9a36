package com.salesbooking.local.system;

import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * After all tests of a whole-system test class, whatever they did (failed, compensated, restarted or crashed
 * sagas, cancels, reschedules, webhook signals, provider errors), every workflow history of the class's Temporal
 * service holds no email address, no token and none of the customer details the tests send: histories are kept
 * for weeks and read by ops, so they carry ids, statuses and times only.
 *
 * <p>Registered on the system-test base classes with {@code @ExtendWith} after {@code @SpringBootTest}: JUnit runs
 * after-all callbacks in reverse registration order, so this runs while Spring's context (closed afterwards by
 * {@code @DirtiesContext}) is still open.
 */
public class NoPersonalDataInWorkflowHistories implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            return; // the context may never have started; the failure already speaks for itself
        }
        ApplicationContext spring = SpringExtension.getApplicationContext(context);
        SystemTestSupport.assertNoPersonalDataInAnyWorkflowHistory(spring.getBean(TestWorkflowEnvironment.class));
    }
}
