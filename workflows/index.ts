export { mandateWorkflow } from './mandate/workflow';
export { taskWorkflow } from './task/workflow';
export { meetingWorkflow } from './meeting/workflow';
export { voteWorkflow } from './vote/workflow';
