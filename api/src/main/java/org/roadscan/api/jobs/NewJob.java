package org.roadscan.api.jobs;

/**
 * An accepted image to analyse.
 *
 * @param imageSha256 hex SHA-256 of the image, its key in the {@link ImageStore}
 * @param fileName the file name the client sent
 */
public record NewJob(String imageSha256, String fileName) {
}
