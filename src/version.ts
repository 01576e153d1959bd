// imagegate's own version: in the SBOMs it writes (a unit test keeps it equal to package.json's).
export const IMAGEGATE_VERSION = '0.1.0'
