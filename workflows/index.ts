export { mandateWorkflow } from './mandate/workflow';
export { taskWorkflow } from './task/workflow';
