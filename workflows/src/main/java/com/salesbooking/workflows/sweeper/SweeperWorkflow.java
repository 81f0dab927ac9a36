package com.salesbooking.workflows.sweeper;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

import java.time.Duration;

/**
 * A long-running timer loop (id {@value #WORKFLOW_ID}); the Temporal test server has no Schedules API, so
 * this works on every server. Continues as new to keep its history short.
 */
@WorkflowInterface
public interface SweeperWorkflow {

    String WORKFLOW_ID = "hold-sweeper";

    @WorkflowMethod
    void run(Duration interval);
}
