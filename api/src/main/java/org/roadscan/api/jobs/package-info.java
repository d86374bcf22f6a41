/**
 * The durable job queue in PostgreSQL and the workers that run the detector on each job (on worker
 * executors, never on the event loop), the model's loading state and the job status handler.
 */
package org.roadscan.api.jobs;
