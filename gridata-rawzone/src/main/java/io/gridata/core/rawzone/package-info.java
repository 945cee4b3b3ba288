/**
 * The raw zone: landing ({@link io.gridata.core.rawzone.RawZone}), detection ({@link
 * io.gridata.core.rawzone.RawZoneSensor}), validation and rejection ({@link
 * io.gridata.core.rawzone.FileValidator}, {@link io.gridata.core.rawzone.RejectionManifest}) on S3
 * or the local file system. Layout: {@code raw/<domain>/<dataset>/YYYY-MM-DD/<file>}, rejected
 * files under {@code raw/rejected/...} with a {@code .rejection.json} manifest beside them.
 */
package io.gridata.core.rawzone;
