export { mandateWorkflow } from './mandate/workflow';
