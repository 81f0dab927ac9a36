package com.salesbooking.local.system;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;

/**
 * Keeps the Temporal test server from routing workflow tasks to a worker's sticky queue, by removing the sticky
 * attributes from every completed workflow task.
 *
 * <p>Why: once a worker has completed a task with sticky attributes, the Java test server puts that workflow's next
 * tasks on the worker's own sticky queue and never moves them back: it has no sticky schedule-to-start time-out
 * (a real server falls back to the normal queue after 5 s, or at once on ShutdownWorker, which the test server
 * ignores). A worker that stops would take the workflow's next task with it, and a replacement worker could never
 * take over. Without sticky attributes every task goes to the normal queue with the full history, which is what a
 * real server hands a replacement worker, so the worker-restart tests exercise exactly the recovery path production
 * has. It costs nothing here: the system tests run with workflow cache size 0, so the sticky cache held nothing.
 */
final class NoStickyWorkflowTasks implements ClientInterceptor {

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            @SuppressWarnings("unchecked")
            public void sendMessage(Q message) {
                if (message instanceof RespondWorkflowTaskCompletedRequest completed
                        && completed.hasStickyAttributes()) {
                    message = (Q) completed.toBuilder().clearStickyAttributes().build();
                }
                super.sendMessage(message);
            }
        };
    }
}
