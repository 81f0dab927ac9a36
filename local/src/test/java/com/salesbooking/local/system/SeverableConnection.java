package com.salesbooking.local.system;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One worker process's connection to Temporal, which a test can sever the way a killed process's connection ends:
 * every call in flight is cancelled (so the server stops holding a poll for it) and every later call fails with
 * UNAVAILABLE (so nothing the dead process was doing - an activity's result above all - ever reaches the server).
 */
final class SeverableConnection implements ClientInterceptor {

    private final Set<ClientCall<?, ?>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean severed;

    void sever() {
        severed = true;
        inFlight.forEach(call -> call.cancel("the worker process was killed", null));
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (severed) {
            return new Refused<>();
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                ClientCall<Q, R> call = this;
                inFlight.add(call);
                super.start(
                        new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                            @Override
                            public void onClose(Status status, Metadata trailers) {
                                inFlight.remove(call);
                                super.onClose(status, trailers);
                            }
                        },
                        headers);
                if (severed) {
                    cancel("the worker process was killed", null);
                }
            }
        };
    }

    /** A call from a dead process: it never leaves. */
    private static final class Refused<Q, R> extends ClientCall<Q, R> {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
            listener.onClose(Status.UNAVAILABLE.withDescription("the worker process was killed"), new Metadata());
        }

        @Override
        public void request(int numMessages) {}

        @Override
        public void cancel(String message, Throwable cause) {}

        @Override
        public void halfClose() {}

        @Override
        public void sendMessage(Q message) {}
    }
}
